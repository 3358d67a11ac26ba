#!/usr/bin/env bash
# Idempotent installer for what campgrid's build and tests need.
#
#   .ci/install-tools.sh run    wasm target, cargo-leptos, wasm-bindgen, wasm-opt
#   .ci/install-tools.sh test   the above + Debian packages + end2end npm deps
#
# Every step first checks whether the right version is already there, so on a
# prepared machine this takes a second and `make` starts building at once.
set -euo pipefail

MODE=${1:-test}
case "$MODE" in run|test) ;; *) echo "usage: $0 run|test" >&2; exit 2 ;; esac

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS=${CAMPGRID_TOOLS_DIR:-$HOME/.cache/campgrid-tools}
export PATH="$HOME/.cargo/bin:$TOOLS/node_modules/.bin:$PATH"

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.130  # must equal the `wasm-bindgen = "=…"` pin in Cargo.toml
BINARYEN_VERSION=132.0.0      # npm package; ships wasm-opt version 132
APT_PACKAGES=(chromium postgresql libxml2-utils python3-aiosmtpd)

# has_version VERSION CMD...: does CMD's output contain VERSION as a whole word?
has_version() {
  local want=$1; shift
  "$@" 2>/dev/null | grep -Eq "(^|[^0-9.])${want//./\\.}([^0-9.]|$)"
}

# --- Rust: wasm target ------------------------------------------------------
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "ok: rust target wasm32-unknown-unknown present"
else
  echo "installing rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# --- cargo-leptos (pinned: newer releases change config semantics) ---------
if has_version "$CARGO_LEPTOS_VERSION" cargo leptos --version; then
  echo "ok: cargo-leptos $CARGO_LEPTOS_VERSION present"
else
  echo "installing cargo-leptos $CARGO_LEPTOS_VERSION (takes 10-25 min)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

# --- wasm-bindgen CLI: must match the crate exactly, and cargo-leptos would
#     otherwise try to download it from GitHub (unreachable here) -----------
if has_version "$WASM_BINDGEN_VERSION" wasm-bindgen --version; then
  echo "ok: wasm-bindgen $WASM_BINDGEN_VERSION present"
else
  echo "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes ~7 min)"
  # Deliberately without --locked (the known-good recipe for this pin).
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# --- wasm-opt: from npm's binaryen, since cargo-leptos's GitHub download
#     fails here and Debian's binaryen is too old ----------------------------
WASM_OPT_VERSION=${BINARYEN_VERSION%%.*}
if has_version "$WASM_OPT_VERSION" wasm-opt --version; then
  echo "ok: wasm-opt $WASM_OPT_VERSION present"
else
  echo "installing binaryen $BINARYEN_VERSION (wasm-opt) into $TOOLS"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund "binaryen@$BINARYEN_VERSION"
  has_version "$WASM_OPT_VERSION" wasm-opt --version \
    || { echo "error: wasm-opt $WASM_OPT_VERSION still not on PATH" >&2; exit 1; }
fi

[[ "$MODE" == test ]] || exit 0

# --- Debian packages: chromium (Playwright), postgresql (tests), xmllint,
#     aiosmtpd (the tests' SMTP server) -----------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "ok: apt packages ${APT_PACKAGES[*]} present"
else
  echo "installing apt packages ${missing[*]}"
  SUDO=; [[ $EUID -eq 0 ]] || SUDO=sudo
  # Another apt/dpkg may be running (e.g. unattended setup): wait for it.
  while fuser /var/lib/dpkg/lock-frontend /var/lib/apt/lists/lock >/dev/null 2>&1; do
    echo "waiting for another apt/dpkg to finish"; sleep 5
  done
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
    install -y -q --no-install-recommends "${missing[@]}"
fi

# --- Python checkers for the schedule export tests: check-jsonschema (c3voc
#     schedule.json schema) and icalendar (parses the .ics feeds), in a venv
#     that server/tests/it/schedule_export.rs finds ($CAMPGRID_PY overrides) ------
PY_VENV=$TOOLS/py
PY_PACKAGES=(check-jsonschema icalendar)
if [[ -x "$PY_VENV/bin/check-jsonschema" ]] \
   && "$PY_VENV/bin/python" -c 'import icalendar' 2>/dev/null; then
  echo "ok: python venv $PY_VENV with ${PY_PACKAGES[*]} present"
else
  echo "installing ${PY_PACKAGES[*]} into the venv $PY_VENV"
  if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    SUDO=; [[ $EUID -eq 0 ]] || SUDO=sudo
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
      install -y -q --no-install-recommends python3-venv
  fi
  python3 -m venv "$PY_VENV"
  "$PY_VENV/bin/pip" install -q --disable-pip-version-check "${PY_PACKAGES[@]}"
fi

# --- Conference programs that read the schedule exports in
#     server/tests/it/schedule_export.rs: pyfahrplan (the CCC Fahrplan CLI, schedule.json) and
#     schedule-convert (frab schedule.xml), pinned, in a venv of their own (old pins) ------
APPS_VENV=$TOOLS/schedule-apps
PYFAHRPLAN_VERSION=1.1.0
SCHEDULE_CONVERT_VERSION=1.0.0
if "$APPS_VENV/bin/python" - "$PYFAHRPLAN_VERSION" "$SCHEDULE_CONVERT_VERSION" \
     2>/dev/null <<'PY'
import sys
from importlib.metadata import version
import pyfahrplan.lib, schedule_convert.importers
sys.exit([version("pyfahrplan"), version("schedule-convert")] != sys.argv[1:])
PY
then
  echo "ok: pyfahrplan $PYFAHRPLAN_VERSION, schedule-convert $SCHEDULE_CONVERT_VERSION present"
else
  echo "installing pyfahrplan $PYFAHRPLAN_VERSION, schedule-convert $SCHEDULE_CONVERT_VERSION into $APPS_VENV"
  if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    SUDO=; [[ $EUID -eq 0 ]] || SUDO=sudo
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
      install -y -q --no-install-recommends python3-venv
  fi
  python3 -m venv "$APPS_VENV"
  # pyfahrplan's own pin requests-cache<0.9 no longer imports on Python 3.11+ (cattrs
  # rejects a ForwardRef), so its dependencies come from here, with a requests-cache that
  # does, and pyfahrplan itself without them. Its code never downloads anything in the test.
  "$APPS_VENV/bin/pip" install -q --disable-pip-version-check \
    "schedule-convert==$SCHEDULE_CONVERT_VERSION" 'requests-cache==1.2.1' 'rich==10.16.2' \
    'click>=8,<9' 'python-dateutil>=2.8.1,<3' 'requests>=2.26,<3'
  "$APPS_VENV/bin/pip" install -q --disable-pip-version-check --no-deps \
    "pyfahrplan==$PYFAHRPLAN_VERSION"
fi

# --- end2end npm deps (Playwright itself; browsers come from Debian's
#     chromium, so never `npx playwright install`) ---------------------------
E2E=$ROOT/end2end
if [[ ! -f "$E2E/package.json" ]]; then
  echo "skip: end2end/package.json missing, no npm deps to install"
elif [[ -d "$E2E/node_modules" && ! "$E2E/package.json" -nt "$E2E/node_modules" \
        && ! "$E2E/package-lock.json" -nt "$E2E/node_modules" ]]; then
  echo "ok: end2end/node_modules up to date"
else
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  if [[ -f "$E2E/package-lock.json" ]]; then
    echo "installing end2end npm deps (npm ci)"
    (cd "$E2E" && npm ci --no-audit --no-fund)
  else
    echo "installing end2end npm deps (npm install, no lock file)"
    (cd "$E2E" && npm install --no-audit --no-fund)
  fi
  touch "$E2E/node_modules"  # mark as newer than the lock file for next time
fi
