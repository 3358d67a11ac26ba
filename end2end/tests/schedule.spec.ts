/**
 * The attendees' schedule on a 360 x 640 phone at a fixed clock (the server's test clock,
 * set per browser by the `campgrid_now` cookie): now and next with the right sessions and
 * join links; two starred sessions in one slot warn; the agenda survives a reload; the
 * schedule stays readable offline; a publication that moves a starred session is announced
 * prominently; every view is axe-clean.
 */
import { request as http } from '@playwright/test';
import type { APIRequestContext, Browser, BrowserContext, Page } from '@playwright/test';

import { BASE_URL, CONTEXT_DEFAULTS, PHONE_VIEWPORT } from './env';
import {
  expect,
  expectNoA11yViolations,
  gotoHydrated,
  login,
  reloadHydrated,
  saveScreens,
  test,
  uniqueSlug,
} from './fixtures';

const DAY = '2026-03-10';
/** 10:15 in Berlin (CET): the first slot (10:00–10:45) runs, 30 minutes left. */
const AT_10_15 = '2026-03-10T09:15:00Z';
const VIDEO = (room: string) => `https://meet.example.org/${room.toLowerCase().replace(/\W+/g, '-')}`;

async function post<T = unknown>(request: APIRequestContext, fn: string, form: Record<string, string>): Promise<T> {
  const res = await request.post(`/api/${fn}`, { form });
  const text = await res.text();
  expect(res.status(), `${fn}: ${text}`).toBe(200);
  return (text ? JSON.parse(text) : null) as T;
}

type Grid = {
  version: number;
  rooms: { id: string; name: string }[];
  days: { slots: { id: string; starts: string }[] }[];
  sessions: { id: string; title: string }[];
};

/** Places `title` at room x slot (index into the day's slots) as a moderator. */
async function place(request: APIRequestContext, slug: string, title: string, room: string, slot: number) {
  const grid = await post<Grid>(request, 'get_grid', { camp: slug });
  const session = grid.sessions.find((s) => s.title === title)!;
  await post(request, 'move_session', {
    camp: slug,
    version: String(grid.version),
    session: session.id,
    room: grid.rooms.find((r) => r.name === room)!.id,
    slot: grid.days[0].slots[slot].id,
  });
}

async function publish(request: APIRequestContext, slug: string) {
  const grid = await post<Grid>(request, 'get_grid', { camp: slug });
  await post(request, 'publish_grid', { camp: slug, version: String(grid.version) });
}

/** A public camp with three rooms, two slots and three placed, published sessions. */
async function publishedCamp(page: Page, slug: string): Promise<void> {
  await login(page);
  const r = page.request;
  await post(r, 'create_camp', {
    name: `Programm-Camp ${slug}`,
    slug,
    description: '',
    time_zone: 'Europe/Berlin',
    schedule_public: 'on',
    email_domains: '',
  });
  for (const name of ['Raum Nord', 'Raum Süd', 'Raum West']) {
    await post(r, 'add_room', { camp: slug, name, video_url: VIDEO(name), capacity: '40' });
  }
  for (const [starts, ends] of [['10:00', '10:45'], ['11:00', '11:45']]) {
    await post(r, 'add_slot', { camp: slug, day: DAY, starts, ends });
  }
  const pitch = (req: APIRequestContext, title: string) =>
    post(req, 'pitch_session', { camp: slug, title, description: 'Worum es geht.', format: 'talk', tags: 'ozg' });
  await pitch(r, 'Akte digital');
  await pitch(r, 'KI im Amt');
  // A second host, so that two sessions can run at once without double-booking anyone.
  const { invite_token } = await post<{ invite_token: string }>(r, 'get_camp', { camp: slug });
  const other = await http.newContext({ baseURL: BASE_URL });
  await post(other, 'join_camp', { camp: slug, token: invite_token, display_name: 'Bea Beispiel' });
  await pitch(other, 'Open Data');
  await other.dispose();
  await place(r, slug, 'Akte digital', 'Raum Nord', 0);
  await place(r, slug, 'Open Data', 'Raum Süd', 0);
  await place(r, slug, 'KI im Amt', 'Raum Nord', 1);
  await publish(r, slug);
}

/** A phone of someone who is not signed in, its clock at `at`. */
async function phone(browser: Browser, at: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...CONTEXT_DEFAULTS, viewport: PHONE_VIEWPORT });
  await context.addCookies([{ name: 'campgrid_now', value: at, url: BASE_URL }]);
  return { context, page: await context.newPage() };
}

test('now and next, stars with a clash warning, the agenda after a reload, offline reading', async ({ page, browser }, testInfo) => {
  test.slow();
  const slug = uniqueSlug('e2e-sched');
  await publishedCamp(page, slug);
  const { context, page: p } = await phone(browser, AT_10_15);

  await test.step('now and next at 10:15', async () => {
    await gotoHydrated(p, `/c/${slug}/schedule`);
    const now = p.locator('#now');
    await expect(now.getByRole('heading', { name: 'Läuft gerade · 10:00–10:45' })).toBeVisible();
    const nord = now.getByRole('region', { name: 'Raum Nord' }).first();
    await expect(nord).toContainText('Akte digital');
    await expect(nord).toContainText('noch 30 Min.');
    await expect(nord.getByRole('link', { name: 'Teilnehmen: Raum Nord' })).toHaveAttribute('href', VIDEO('Raum Nord'));
    await expect(now.getByRole('region', { name: 'Raum Süd' }).first()).toContainText('Open Data');
    await expect(now.getByRole('heading', { name: /^Als Nächstes · .*11:00–11:45$/ })).toBeVisible();
    await expect(now.getByRole('region', { name: 'Raum Nord' }).nth(1)).toContainText('KI im Amt');
    // On a 360 x 640 phone the running slot's join buttons are on the first screen.
    const join = await nord.getByRole('link', { name: 'Teilnehmen: Raum Nord' }).boundingBox();
    expect(join && join.y + join.height, 'bottom of the first join button').toBeLessThanOrEqual(640);
    await expectNoA11yViolations(p);
    await saveScreens(p, testInfo, 'schedule');
  });

  await test.step('two starred sessions in one slot warn on the agenda', async () => {
    await p.getByRole('button', { name: 'Merken: Akte digital' }).first().click();
    await p.getByRole('button', { name: 'Merken: Open Data' }).first().click();
    await expect(p.getByRole('button', { name: 'Merken: Open Data' }).first()).toHaveAttribute('aria-pressed', 'true');
    await gotoHydrated(p, `/c/${slug}/agenda`);
    await expect(p.locator('.clash-warning')).toContainText('Gleichzeitig: „Akte digital“ und „Open Data“');
    await expect(p.locator('.sched-item')).toHaveCount(2);
    await expectNoA11yViolations(p);
    await saveScreens(p, testInfo, 'agenda');
  });

  await test.step('the agenda survives a reload', async () => {
    await reloadHydrated(p);
    await expect(p.locator('.sched-item')).toHaveCount(2);
    await expect(p.locator('.clash-warning')).toBeVisible();
  });

  await test.step('offline, the schedule stays readable with its time', async () => {
    await gotoHydrated(p, `/c/${slug}/schedule`);
    await p.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 10_000 });
    // Once more online, now through the worker, so that its copy is fresh.
    await gotoHydrated(p, `/c/${slug}/schedule`);
    await context.setOffline(true);
    await p.reload();
    await expect(p.getByRole('heading', { level: 1 })).toHaveText(`Programm-Camp ${slug}`);
    await expect(p.locator('#now')).toContainText('Akte digital');
    await expect(p.getByText('Offline – Stand 10:15')).toBeVisible();
    await context.setOffline(false);
  });
  await context.close();
});

test('session page, room plan and plenary screen; a moved starred session is announced', async ({ page, browser }, testInfo) => {
  test.slow();
  const slug = uniqueSlug('e2e-sched');
  await publishedCamp(page, slug);
  const { context, page: p } = await phone(browser, AT_10_15);

  await test.step('the session page has time, room, hosts, join link and calendar', async () => {
    await gotoHydrated(p, `/c/${slug}/schedule`);
    await p.locator('#now').getByRole('link', { name: 'KI im Amt' }).click();
    await expect(p.getByRole('heading', { level: 1 })).toHaveText('KI im Amt');
    await expect(p.locator('.facts')).toContainText('11:00–11:45 (Europe/Berlin)');
    await expect(p.getByRole('link', { name: 'Raum betreten: Raum Nord' })).toHaveAttribute('href', VIDEO('Raum Nord'));
    await expect(p.getByRole('link', { name: 'Zum Kalender hinzufügen' })).toHaveAttribute('href', /schedule\.ics\?session=/);
    await expectNoA11yViolations(p);
    await saveScreens(p, testInfo, 'schedule-session');
  });

  await test.step('the room plan lists the room\'s sessions', async () => {
    await p.getByRole('link', { name: 'Raum Nord', exact: true }).click();
    await expect(p.getByRole('heading', { level: 1 })).toHaveText('Raum Nord');
    await expect(p.locator('.sched-item')).toHaveCount(2);
    await expectNoA11yViolations(p);
    await saveScreens(p, testInfo, 'room-plan');
  });

  await test.step('the plenary screen shows the clock, now and next', async () => {
    await gotoHydrated(p, `/c/${slug}/plenary`);
    await expect(p.locator('.plenary-clock')).toHaveText('10:15');
    await expect(p.locator('.plenary-block').first()).toContainText('Akte digital');
    await expectNoA11yViolations(p);
    await saveScreens(p, testInfo, 'plenary');
    // What a screen share shows: now and next side by side, on one 1280 x 720 screen.
    await p.setViewportSize({ width: 1280, height: 720 });
    const [current, next] = await p.locator('.plenary-block').evaluateAll((els) =>
      els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect),
    );
    expect(next.left, 'next beside now').toBeGreaterThanOrEqual(current.right);
    expect(await p.evaluate(() => document.documentElement.scrollHeight), 'one screen').toBeLessThanOrEqual(720);
    await p.setViewportSize(PHONE_VIEWPORT);
  });

  await test.step('a publication that moves a starred session is announced to its reader', async () => {
    await gotoHydrated(p, `/c/${slug}/schedule`);
    await p.getByRole('button', { name: 'Merken: Open Data' }).first().click();
    await place(page.request, slug, 'Open Data', 'Raum West', 1);
    await publish(page.request, slug);
    const notice = p.locator('.starred-moved');
    await expect(notice).toContainText('„Open Data“ jetzt Raum West, 11:00', { timeout: 3_000 });
    await expect(p.locator('#now').getByRole('region', { name: 'Raum West' }).last()).toContainText('Open Data');
  });
  await context.close();
});

test('a member\'s stars are kept on the server', async ({ page }) => {
  const slug = uniqueSlug('e2e-sched');
  await publishedCamp(page, slug);
  await page.context().addCookies([{ name: 'campgrid_now', value: AT_10_15, url: BASE_URL }]);
  await gotoHydrated(page, `/c/${slug}/schedule`);
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/set_star'));
  await page.getByRole('button', { name: 'Merken: KI im Amt' }).first().click();
  expect((await saved).status()).toBe(200);
  await gotoHydrated(page, `/c/${slug}/agenda`);
  await expect(page.locator('.sched-item')).toHaveCount(1);
  await expect(page.locator('.sched-item')).toContainText('KI im Amt');
  await expect(page.getByText('gespeichert in Ihrem Konto')).toBeVisible();
  await page.getByRole('button', { name: 'Adresse erzeugen' }).click();
  await expect(page.getByLabel('Abonnement-Adresse')).toHaveValue(new RegExp(`/c/${slug}/agenda\\.ics\\?key=`));
  await expectNoA11yViolations(page);
});

/**
 * Issue 12, defect 1: links to files (exports, calendars) leave the client-side router, so a
 * click loads the file from the server instead of rendering the router's "page not found".
 */
test('every download link loads the file from the server', async ({ page, browser }) => {
  test.slow();
  const slug = uniqueSlug('e2e-sched');
  await publishedCamp(page, slug);
  const { context, page: p } = await phone(browser, AT_10_15);

  /** Clicks the link named `name` on `path` and expects the browser itself to fetch `file`. */
  async function opens(on: Page, path: string, name: string | RegExp, file: RegExp) {
    await gotoHydrated(on, path);
    const link = on.getByRole('link', { name, exact: true }).first();
    await expect(link).toHaveAttribute('rel', /external/);
    const fetched = on.waitForEvent('request', (r) => file.test(r.url()) && r.isNavigationRequest(), { timeout: 5_000 });
    await link.click();
    const request = await fetched;
    const response = await request.response();
    expect(response?.status(), `${request.url()}`).toBe(200);
    await expect(on.getByRole('heading', { name: 'Seite nicht gefunden' })).toHaveCount(0);
  }

  const schedule = `/c/${slug}/schedule`;
  await opens(p, schedule, 'Kalender (iCalendar)', /\/schedule\.ics$/);
  await opens(p, schedule, 'schedule.xml (frab, für Konferenz-Apps)', /\/schedule\.xml$/);
  await opens(p, schedule, 'schedule.json', /\/schedule\.json$/);
  await opens(page, schedule, 'Tabelle (CSV, für Moderation)', /\/schedule\.csv$/);

  await gotoHydrated(p, schedule);
  const roomHref = await p.locator('a.day-grid-room', { hasText: 'Raum Nord' }).first().getAttribute('href');
  const sessionHref = await p.locator('#now').getByRole('link', { name: 'KI im Amt' }).getAttribute('href');
  await opens(p, roomHref!, 'Raum als Kalender', /\/schedule\.ics\?room=/);
  await opens(p, sessionHref!, 'Zum Kalender hinzufügen', /\/schedule\.ics\?session=/);

  // Every same-origin link on these pages either is a route of the app or leaves the router.
  for (const path of [schedule, roomHref!, sessionHref!, `/c/${slug}/agenda`, `/c/${slug}/plenary`]) {
    await gotoHydrated(p, path);
    const files = await p.locator('a[href]').evaluateAll((links) =>
      links
        .filter((a) => /\.(ics|xml|json|csv)(\?|$)/.test((a as HTMLAnchorElement).pathname + (a as HTMLAnchorElement).search))
        .filter((a) => !/\bexternal\b/.test(a.getAttribute('rel') ?? ''))
        .map((a) => a.getAttribute('href')),
    );
    expect(files, `file links without rel="external" on ${path}`).toEqual([]);
  }
  await context.close();
});
