/**
 * The service worker and the app's files across loads and releases, on a server of their own
 * (the release binary on a fresh data directory with the demo camp), because a release means
 * restarting the server with other files:
 * - the schedule becomes interactive on every load, with a cold and a warm worker, and the warm
 *   loads take the wasm from the worker's copy (issue 12, defect 11: once in six runs the page
 *   never hydrated after "instantiateStreaming(): expected 4 bytes");
 * - a release with new file names replaces the offline copy: the old files leave the cache, and
 *   offline the page comes back with the new files.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Page } from '@playwright/test';

import { PHONE_VIEWPORT } from './env';
import { expect, gotoHydrated, reloadHydrated, test } from './fixtures';
import { BIN, HASH_FILE, SITE, startServer, stopServer as stop, type OwnServer } from './own-server';

const LISTEN = '127.0.0.1:3138';
const ORIGIN = `http://${LISTEN}`;

type Release = { site: string; hashFile: string; files: string[] };

/** The built release as it is: its files are named in the hash file (`js: <hash>`). */
function builtRelease(): Release {
  const hashes = fs
    .readFileSync(HASH_FILE, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(':').map((s) => s.trim()));
  const files = hashes
    .filter(([ext]) => ['js', 'wasm', 'css'].includes(ext))
    .map(([ext, hash]) => `/pkg/campgrid.${hash}.${ext}`);
  return { site: SITE, hashFile: HASH_FILE, files };
}

/** The next release: the same files under new hashed names, with their .br and .gz. */
function nextRelease(dir: string, built: Release): Release {
  const site = path.join(dir, 'site-next');
  fs.cpSync(built.site, site, { recursive: true });
  const text = fs.readFileSync(built.hashFile, 'utf8');
  const renamed = new Map<string, string>();
  for (const line of text.trim().split('\n')) {
    const hash = line.split(':')[1].trim();
    renamed.set(hash, `${hash.slice(0, -4)}next`);
  }
  const pkg = path.join(site, 'pkg');
  for (const file of fs.readdirSync(pkg)) {
    let next = file;
    for (const [from, to] of renamed) next = next.replace(`.${from}.`, `.${to}.`);
    if (next !== file) fs.renameSync(path.join(pkg, file), path.join(pkg, next));
  }
  let nextText = text;
  for (const [from, to] of renamed) nextText = nextText.replace(from, to);
  const hashFile = path.join(dir, 'hash-next.txt');
  fs.writeFileSync(hashFile, nextText);
  const files = built.files.map((f) => {
    for (const [from, to] of renamed) f = f.replace(`.${from}.`, `.${to}.`);
    return f;
  });
  return { site, hashFile, files };
}

async function serve(data: string, release: Release): Promise<OwnServer> {
  return startServer(LISTEN, ['--data-dir', data, '--site-root', release.site, '--hash-file', release.hashFile]);
}

/** What the worker's caches hold, all caches together: the app's files, or the pages. */
async function cached(page: Page, what: 'files' | 'pages'): Promise<string[]> {
  return page.evaluate(async (what) => {
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) {
        const p = new URL(req.url).pathname;
        if (p.startsWith('/pkg/') === (what === 'files')) paths.push(p);
      }
    }
    return paths.sort();
  }, what);
}

const cachedFiles = (page: Page) => cached(page, 'files');

async function controlled(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
    timeout: 10_000,
  });
}

let dir = '';
let data = '';
let schedule = '';

test.beforeAll(() => {
  expect(BIN, 'CAMPGRID_E2E_BIN (set by .ci/e2e.sh)').not.toBe('');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campgrid-offline-'));
  data = path.join(dir, 'data');
  const out = execFileSync(BIN, ['seed-demo', '--data-dir', data], { encoding: 'utf8' });
  const slug = /\/c\/([a-z0-9-]+)/.exec(out)?.[1];
  expect(slug, out).toBeTruthy();
  schedule = `${ORIGIN}/c/${slug}/schedule`;
});

test.afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the schedule becomes interactive on every load, with a cold and a warm service worker', async ({
  openContext,
}) => {
  test.slow();
  const built = builtRelease();
  const server = await serve(data, built);
  const sources: string[] = [];
  try {
    for (let round = 0; round < 5; round++) {
      const { context, page } = await openContext(`phone ${round}`, { viewport: PHONE_VIEWPORT });
      // Cold: no worker yet; the page registers it once it is interactive.
      await gotoHydrated(page, schedule);
      await controlled(page);
      expect(await cachedFiles(page)).toEqual([...built.files].sort());
      for (let warm = 0; warm < 3; warm++) {
        const wasm = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('.wasm'));
        await reloadHydrated(page);
        sources.push((await wasm).fromServiceWorker() ? 'worker' : 'network');
      }
      await page.goto('about:blank');
      await context.close();
    }
  } finally {
    await stop(server);
  }
  expect(sources).toEqual(Array(15).fill('worker'));
});

test('a release with new file names replaces the offline copy', async ({ openContext, consoleGuard }) => {
  test.slow();
  consoleGuard.allowOffline(); // the live channel cannot connect while the phone is offline
  const built = builtRelease();
  const next = nextRelease(dir, built);
  let server = await serve(data, built);
  const { context, page } = await openContext('phone', { viewport: PHONE_VIEWPORT });
  try {
    await gotoHydrated(page, schedule);
    await controlled(page);
    expect(await cachedFiles(page)).toEqual([...built.files].sort());

    await page.goto('about:blank');
    await stop(server);
    server = await serve(data, next);

    await gotoHydrated(page, schedule);
    // The new release's worker installs, takes over and drops the old copy.
    await expect.poll(() => cachedFiles(page), { timeout: 15_000 }).toEqual([...next.files].sort());
    // The old copy goes only once the page is kept in the new one.
    expect(await cached(page, 'pages')).toEqual([new URL(schedule).pathname]);

    await context.setOffline(true);
    await reloadHydrated(page);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const script = await page.locator('link[rel="modulepreload"]').getAttribute('href');
    expect(script).toBe(next.files.find((f) => f.endsWith('.js')));
    await context.setOffline(false);
  } finally {
    await page.goto('about:blank').catch(() => undefined);
    await context.close();
    await stop(server);
  }
});
