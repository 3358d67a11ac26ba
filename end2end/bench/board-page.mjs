// The board with many sessions on a phone (a benchmark, not a test): run by `make bench-board-page`
// against a fresh release server. Sets up a camp with SESSIONS pitches over HTTP, then reports
// the board page's size and server time, and in Chromium with a 360 px viewport and the CPU
// slowed down 4x (a mid-range phone) the time until the page is interactive and the time a
// search takes.
//
//   CAMPGRID_BASE_URL=http://127.0.0.1:3198 SESSIONS=150 node end2end/bench/board-page.mjs
import http from 'node:http';
import { chromium } from '@playwright/test';

const BASE = (process.env.CAMPGRID_BASE_URL || 'http://127.0.0.1:3198').replace(/\/+$/, '');
const SESSIONS = Number(process.env.SESSIONS || 150);
const RUNS = Number(process.env.RUNS || 10);
const CHROMIUM = process.env.CAMPGRID_CHROMIUM || '/usr/bin/chromium';
const FORMATS = ['talk', 'discussion', 'workshop', 'question', 'other'];
const TAGS = ['ozg', 'ki', 'open-data', 'agil', 'recht', 'personal', 'cloud', 'barrierefreiheit'];

/** A server function call as a form post; returns [status, body, cookie]. */
async function call(endpoint, form, cookie) {
  const res = await fetch(`${BASE}/api/${endpoint}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      origin: BASE,
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(form).toString(),
  });
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('campgrid_session='));
  const body = await res.text();
  if (res.status >= 400) throw new Error(`${endpoint}: ${res.status} ${body}`);
  return [body, setCookie ? setCookie.split(';')[0] : cookie];
}

/** GET with gzip; returns [milliseconds, bytes on the wire]. */
function timedGet(path, cookie) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get(`${BASE}${path}`, { headers: { cookie, 'accept-encoding': 'gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => (bytes += chunk.length));
      res.on('end', () => resolve([performance.now() - started, bytes, res.statusCode]));
    });
    req.on('error', reject);
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;

async function setUp() {
  let [, moderator] = await call('setup', {
    display_name: 'Bench Moderation',
    email: 'bench@example.org',
    password: 'bench-password-long-enough',
  });
  [, moderator] = await call(
    'create_camp',
    { name: 'Bench-Camp', slug: 'bench', description: '', time_zone: 'Europe/Berlin', email_domains: '' },
    moderator,
  );
  const camp = JSON.parse((await call('get_camp', { camp: 'bench' }, moderator))[0]);
  const hosts = [];
  for (let i = 0; i < 10; i++) {
    hosts.push((await call('join_camp', { camp: 'bench', token: camp.invite_token, display_name: `Host ${i}` }))[1]);
  }
  const [, viewer] = await call('join_camp', { camp: 'bench', token: camp.invite_token, display_name: 'Phone' });
  for (let i = 0; i < SESSIONS; i++) {
    await call(
      'pitch_session',
      {
        camp: 'bench',
        title: `Session ${i}: ${['Digitale Akte', 'Open Data', 'KI im Amt', 'Agile Verwaltung'][i % 4]} ${i}`,
        description: `Was wir in Behörde ${i} gelernt haben. Mehr unter https://example.org/${i}\nZweite Zeile.`,
        format: FORMATS[i % FORMATS.length],
        tags: `${TAGS[i % TAGS.length]}, ${TAGS[(i * 3 + 1) % TAGS.length]}`,
      },
      hosts[i % hosts.length],
    );
  }
  return viewer;
}

async function main() {
  const viewer = await setUp();
  const page = [];
  const api = [];
  for (let i = 0; i < RUNS; i++) page.push(await timedGet('/c/bench', viewer));
  for (let i = 0; i < RUNS; i++) api.push(await timedGet('/c/bench?q=akte', viewer));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'de-DE' });
  const [name, value] = viewer.split('=');
  await context.addCookies([{ name, value, url: BASE }]);
  const tab = await context.newPage();
  tab.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  tab.on('console', (msg) => msg.type() === 'error' && console.error(`console: ${msg.text()}`));
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const interactive = [];
  const search = [];
  for (let i = 0; i < Math.min(RUNS, 5); i++) {
    const started = performance.now();
    await tab.goto(`${BASE}/c/bench`);
    await tab.waitForSelector('html[data-hydrated="true"]', { state: 'attached', timeout: 60_000 });
    interactive.push(performance.now() - started);
    const cards = await tab.locator('.session-list > li').count();
    if (cards !== SESSIONS) throw new Error(`expected ${SESSIONS} cards, saw ${cards}`);
    await tab.getByLabel('Suche in Titel und Beschreibung').fill('open data');
    const t = performance.now();
    await tab.getByRole('button', { name: 'Anzeigen' }).click();
    await tab.waitForFunction((n) => document.querySelectorAll('.session-list > li').length < n, SESSIONS);
    search.push(performance.now() - t);
  }
  await browser.close();
  const [, pageBytes, status] = page[0];
  console.log(`board with ${SESSIONS} sessions, ${RUNS} runs, medians:`);
  console.log(`  server: board page ${ms(median(page.map((r) => r[0])))} (HTTP ${status}, ${pageBytes} B gzip), searched page ${ms(median(api.map((r) => r[0])))}`);
  console.log(`  phone (360 px, CPU 4x slower): interactive after ${ms(median(interactive))}, search ${ms(median(search))}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
