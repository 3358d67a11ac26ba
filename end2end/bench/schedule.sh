#!/usr/bin/env bash
# The published schedule under load (a benchmark, not a test). Run by `make bench-schedule`
# through .ci/with-fresh-server.sh: seeds the demo camp (public, published), then reports
#  - wrk (2 threads, 16 and 64 connections) on the schedule page and on schedule.xml,
#  - the bytes of a first visit to the schedule on a phone, raw and gzip-compressed,
#  - Lighthouse's mobile performance and accessibility scores for the schedule page.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
base=${CAMPGRID_BASE_URL:?run through .ci/with-fresh-server.sh}
duration=${WRK_DURATION:-10s}
LEPTOS_SITE_ROOT=$root/target/site LEPTOS_OUTPUT_NAME=campgrid \
  "$target/release/campgrid" seed-demo --data-dir "${CAMPGRID_DATA_DIR:?}" >/dev/null
page=$base/c/next-demo/schedule

echo "== wrk -t2 -d$duration, gzip accepted, anonymous reader"
for path in /c/next-demo/schedule /c/next-demo/schedule.xml; do
  curl -fsS -o /dev/null "$base$path"   # warm: the first request renders and fills the cache
  for conns in 16 64; do
    out=$(wrk -t2 -c"$conns" -d"$duration" --latency -H 'Accept-Encoding: gzip' "$base$path")
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | paste -sd ';' || true)
    printf '%-28s c=%-3s %10s req/s  p99 %-8s %s\n' "$path" "$conns" "$rps" "$p99" "${errors:-no errors}"
  done
done

echo "== first visit to the schedule: bytes (raw / gzip)"
html=$(curl -fsS "$page")
assets=$(grep -oE '/pkg/[A-Za-z0-9_.-]+\.(css|js|wasm)' <<<"$html" | sort -u)
[[ $assets == *.wasm* ]] || assets="$assets"$'\n'"/pkg/campgrid.wasm"
total_raw=0 total_gz=0 n=0
for url in /c/next-demo/schedule $assets; do
  raw=$(curl -fsS -o /dev/null -w '%{size_download}' "$base$url")
  gz=$(curl -fsS -o /dev/null -H 'Accept-Encoding: gzip' -w '%{size_download}' "$base$url")
  printf '%-28s %9d B raw %9d B gzip\n' "$url" "$raw" "$gz"
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) n=$((n + 1))
done
printf '%-28s %9d B raw %9d B gzip  (%d requests)\n' total "$total_raw" "$total_gz" "$n"

echo "== Lighthouse 12.2.3 (mobile) on $page"
lh=${CAMPGRID_TOOLS_DIR:-$HOME/.cache/campgrid-tools}/lighthouse/node_modules/.bin/lighthouse
if [[ -x $lh ]]; then
  "$lh" "$page" --quiet --chrome-path="${CAMPGRID_CHROMIUM:-/usr/bin/chromium}" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --only-categories=performance,accessibility --output=json --output-path=/tmp/campgrid-lighthouse.json
  node -e 'const r = require("/tmp/campgrid-lighthouse.json");
    for (const [k, c] of Object.entries(r.categories)) console.log(`${k}: ${Math.round(c.score * 100)}`);
    for (const a of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "speed-index", "interactive"])
      console.log(`  ${a}: ${r.audits[a].displayValue}`);'
else
  echo "lighthouse missing: npm install --prefix \$CAMPGRID_TOOLS_DIR/lighthouse lighthouse@12.2.3"
fi
