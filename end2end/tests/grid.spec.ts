/**
 * The grid editor: a moderator drags a session into a cell and moves another by keyboard
 * alone; the double-booked host is flagged with links to both cells and blocks publishing;
 * a room marked unavailable is flagged; two moderator windows moving one session get a clear
 * conflict; a host places their own session on a phone and the participant sees the
 * publication live on the board. axe-clean throughout.
 */
import type { APIRequestContext, Page } from '@playwright/test';

import { PHONE_VIEWPORT } from './env';
import {
  createCamp,
  expect,
  expectNoA11yViolations,
  gotoHydrated,
  login,
  saveScreens,
  test,
  uniqueSlug,
  withFullPageLoad,
} from './fixtures';

async function post(request: APIRequestContext, fn: string, form: Record<string, string>) {
  const res = await request.post(`/api/${fn}`, { form });
  expect(res.status(), `${fn}: ${await res.text()}`).toBe(200);
}

/** A camp with two rooms and two slots, and two sessions of the moderator. */
async function gridCamp(page: Page, slug: string): Promise<void> {
  await login(page);
  await createCamp(page, `Raster-Camp ${slug}`, slug);
  for (const [name, capacity] of [['Raum Nord', '40'], ['Raum Süd', '20']]) {
    await post(page.request, 'add_room', { camp: slug, name, video_url: 'https://meet.example.org/r', capacity });
  }
  for (const [starts, ends] of [['10:00', '10:45'], ['11:00', '11:45']]) {
    await post(page.request, 'add_slot', { camp: slug, day: '2026-03-10', starts, ends });
  }
  for (const title of ['Akte digital', 'Open Data']) {
    await post(page.request, 'pitch_session', { camp: slug, title, description: '', format: 'talk', tags: '' });
  }
}

const cell = (page: Page, room: string, row: number) =>
  page.locator('.grid-table tbody tr').nth(row).locator(`td[data-room="${room}"]`);

type Grid = {
  version: number;
  rooms: { id: string; name: string }[];
  days: { slots: { id: string }[] }[];
  sessions: { id: string; title: string }[];
};

/** Places `title` at room x slot (index into the first day's slots) through the API. */
async function place(request: APIRequestContext, slug: string, title: string, room: string, slot: number) {
  const res = await request.post('/api/get_grid', { form: { camp: slug } });
  const grid = (await res.json()) as Grid;
  await post(request, 'move_session', {
    camp: slug,
    version: String(grid.version),
    session: grid.sessions.find((s) => s.title === title)!.id,
    room: grid.rooms.find((r) => r.name === room)!.id,
    slot: grid.days[0].slots[slot].id,
  });
}

/** Presses Tab until a cell of the grid has the focus: that is "reaching the grid". */
async function tabIntoGrid(page: Page): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (await page.evaluate(() => document.activeElement?.matches('.grid-cell') ?? false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab did not reach the grid in 60 presses');
}

/** Presses `keys` one after the other; returns how many it were. */
async function press(page: Page, keys: string[]): Promise<number> {
  for (const key of keys) await page.keyboard.press(key);
  return keys.length;
}

test('moderators place by drag and drop and by keyboard, see conflicts and publish', async ({ page, consoleGuard }, testInfo) => {
  test.slow();
  consoleGuard.allowHttpErrors(409); // publishing with a blocking conflict is refused
  const slug = uniqueSlug('e2e-grid');
  await gridCamp(page, slug);
  await gotoHydrated(page, `/c/${slug}/grid`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sessionraster');
  await expectNoA11yViolations(page);

  await test.step('drag a session into a cell', async () => {
    const chip = page.locator('.unplaced .chip').filter({ hasText: 'Akte digital' });
    const moved = page.waitForResponse((r) => r.url().endsWith('/api/move_session'));
    await chip.dragTo(cell(page, 'Raum Nord', 0));
    expect((await moved).status()).toBe(200);
    await expect(cell(page, 'Raum Nord', 0)).toContainText('Akte digital');
  });

  await test.step('move the other one by keyboard alone, into the same slot', async () => {
    // The live update of the drag above may still redraw the editor: the focus must survive
    // it (on the chip, then on the panel). Only a redraw landing between focusing the chip
    // and the key press can swallow that press; then it is pressed again.
    const heading = page.getByRole('heading', { name: 'Verschieben: Open Data' });
    await expect(async () => {
      if (!(await heading.isVisible())) {
        await page.locator('.unplaced').getByRole('button', { name: 'Open Data' }).focus();
        await page.keyboard.press('Enter');
      }
      await expect(heading).toBeFocused({ timeout: 2_000 });
    }).toPass();
    await page.keyboard.press('Tab'); // room
    await page.keyboard.press('ArrowDown'); // Raum Süd
    await page.keyboard.press('Tab'); // slot: the first one is chosen
    await page.keyboard.press('Tab'); // "Verschieben"
    await expect(page.getByRole('button', { name: 'Verschieben', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(cell(page, 'Raum Süd', 0)).toContainText('Open Data');
  });

  await test.step('the double-booked host is named with links to both cells, and blocks publishing', async () => {
    // One line above the grid says how many and that they block; it opens into the list.
    await expect(page.locator('.conflicts > summary')).toHaveText(/1 Konflikt\s*1 blockiert das Veröffentlichen/);
    await page.locator('.conflicts > summary').click();
    const conflict = page.locator('.conflict.is-blocking');
    await expect(conflict).toContainText('ist zur selben Zeit an zwei Orten');
    const links = conflict.getByRole('link');
    await expect(links).toHaveCount(2);
    await expect(links.nth(0)).toContainText('Raum Nord');
    await expect(links.nth(1)).toContainText('Raum Süd');
    await expect(cell(page, 'Raum Nord', 0).locator('.conflict-mark')).toBeVisible();
    await saveScreens(page, testInfo, 'grid-conflict');
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    await expect(page.getByRole('alert')).toContainText('Veröffentlichen geht erst');
  });

  await test.step('moving it to the next slot resolves it; publishing works', async () => {
    await page.locator('.grid-table').getByRole('button', { name: 'Open Data' }).click();
    await page.locator('#move-slot').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Verschieben', exact: true }).click();
    await expect(cell(page, 'Raum Süd', 1)).toContainText('Open Data');
    await expect(page.locator('.conflict.is-blocking')).toHaveCount(0);
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    await expect(page.getByText('Veröffentlicht: Alle sehen diesen Stand.')).toBeVisible();
    await expectNoA11yViolations(page);
  });

  await test.step('a room marked unavailable flags the session placed there', async () => {
    await page.locator('#unavailable-room').selectOption({ label: 'Raum Nord' });
    await page.getByRole('button', { name: 'Als nicht verfügbar markieren' }).click();
    await expect(page.locator('.conflict').filter({ hasText: 'der Raum ist in diesem Slot nicht verfügbar' })).toContainText('Akte digital');
    await page.getByRole('button', { name: 'wieder verfügbar' }).click();
    await expect(page.getByText('Keine Konflikte.')).toBeVisible();
  });

  await test.step('undo takes the last move back, and the history says who did what', async () => {
    await page.getByRole('button', { name: 'Rückgängig' }).click();
    await expect(cell(page, 'Raum Süd', 0)).toContainText('Open Data');
    await page.getByText(/^Verlauf/).click();
    await expect(page.locator('.history li').first()).toContainText('rückgängig');
  });
});

test('two moderator windows moving one session: one wins, the other is told', async ({ page, openContext, consoleGuard }) => {
  consoleGuard.allowHttpErrors(409);
  const slug = uniqueSlug('e2e-grid2');
  await gridCamp(page, slug);
  await gotoHydrated(page, `/c/${slug}/grid`);
  const { page: other } = await openContext('second window');
  await login(other);
  // The second window misses the live update, as if both moved at the same moment.
  await other.route('**/events', (route) => route.fulfill({ status: 204 }));
  await gotoHydrated(other, `/c/${slug}/grid`);

  await page.locator('.unplaced').getByRole('button', { name: 'Akte digital' }).click();
  await page.getByRole('button', { name: 'Verschieben', exact: true }).click();
  await expect(cell(page, 'Raum Nord', 0)).toContainText('Akte digital');

  await other.locator('.unplaced').getByRole('button', { name: 'Akte digital' }).click();
  await other.locator('#move-room').selectOption({ label: 'Raum Süd' });
  await other.getByRole('button', { name: 'Verschieben', exact: true }).click();
  await expect(other.getByRole('alert')).toContainText('Jemand anderes hat das Raster gerade geändert');
  // ... and now sees the grid as it is.
  await expect(cell(other, 'Raum Nord', 0)).toContainText('Akte digital');
  await expect(cell(other, 'Raum Süd', 0)).not.toContainText('Akte digital');
});

/**
 * Issue 12, defect 3: a live update while B chooses a cell keeps B's choice and says that the
 * grid changed; B's first press is refused with the conflict message (B had not seen the
 * change), the second applies B's choice to the current grid. Nothing is dropped silently.
 */
test('a live update never rewrites the cell another moderator is choosing', async ({ page, openContext, consoleGuard }) => {
  consoleGuard.allowHttpErrors(409);
  const slug = uniqueSlug('e2e-grid3');
  await gridCamp(page, slug);
  await gotoHydrated(page, `/c/${slug}/grid`);
  await page.locator('.unplaced').getByRole('button', { name: 'Akte digital' }).click();
  await page.getByRole('button', { name: 'Verschieben', exact: true }).click();
  await expect(cell(page, 'Raum Nord', 0)).toContainText('Akte digital');

  const { page: other } = await openContext('second moderator');
  await login(other);
  await gotoHydrated(other, `/c/${slug}/grid`);
  await other.locator('.grid-table').getByRole('button', { name: 'Akte digital' }).click();
  await other.locator('#move-room').selectOption({ label: 'Raum Süd' });

  // Meanwhile the first moderator moves the same session to the next slot.
  await page.locator('.grid-table').getByRole('button', { name: 'Akte digital' }).click();
  await page.locator('#move-slot').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Verschieben', exact: true }).click();
  await expect(cell(page, 'Raum Nord', 1)).toContainText('Akte digital');

  await expect(cell(other, 'Raum Nord', 1)).toContainText('Akte digital');
  await expect(other.getByText('Das Raster wurde gerade geändert, während Sie gewählt haben.', { exact: false })).toBeVisible();
  await expect(other.locator('#move-room')).toHaveValue(await other.locator('#move-room option', { hasText: 'Raum Süd' }).getAttribute('value') ?? '');
  await expect(other.locator('#move-slot')).toHaveValue(await other.locator('#move-slot option').first().getAttribute('value') ?? '');

  await other.getByRole('button', { name: 'Verschieben', exact: true }).click();
  await expect(other.getByRole('alert')).toContainText('Jemand anderes hat das Raster gerade geändert');
  await expect(other.getByRole('heading', { name: 'Verschieben: Akte digital' })).toBeVisible();
  await expect(other.locator('#move-room option:checked')).toHaveText('Raum Süd');
  await other.getByRole('button', { name: 'Verschieben', exact: true }).click();
  await expect(cell(other, 'Raum Süd', 0)).toContainText('Akte digital');
  await expect(cell(page, 'Raum Süd', 0)).toContainText('Akte digital');
});

test('a host places their own session into a free cell on a phone', async ({ page, openContext }, testInfo) => {
  const slug = uniqueSlug('e2e-wall');
  await gridCamp(page, slug);
  await gotoHydrated(page, `/c/${slug}/settings`);
  await page.getByLabel('Sessiongeber:innen wählen ihren Zeitslot selbst').check();
  await page.getByRole('button', { name: 'Speichern' }).first().click();
  await expect(page.getByText('Gespeichert.').first()).toBeVisible();
  const inviteUrl = await page.locator('#invite-link').inputValue();

  const { page: host } = await openContext('host', { viewport: PHONE_VIEWPORT });
  await gotoHydrated(host, inviteUrl);
  await host.getByLabel('Ihr Name', { exact: true }).fill('Hanna Host');
  await withFullPageLoad(host, () => host.getByRole('button', { name: 'Beitreten' }).click());
  await post(host.request, 'pitch_session', { camp: slug, title: 'Meine Session', description: '', format: 'workshop', tags: '' });
  await host.getByRole('link', { name: 'Zum Raster' }).click();
  await expect(host.getByText('Sie können Ihre eigenen Sessions in freie Felder legen.')).toBeVisible();
  // Only their own session can be picked.
  await expect(host.locator('.unplaced').getByRole('button')).toHaveCount(1);
  await host.locator('.unplaced').getByRole('button', { name: 'Meine Session' }).click();
  await cell(host, 'Raum Süd', 1).getByRole('button', { name: /Hierher/ }).click();
  await expect(cell(host, 'Raum Süd', 1)).toContainText('Meine Session');
  await expectNoA11yViolations(host);
  await saveScreens(host, testInfo, 'grid-host-phone');

  await test.step('the moderator publishes; the participant sees it live on the board', async () => {
    await gotoHydrated(host, `/c/${slug}`);
    await expect(host.locator('.session-card').filter({ hasText: 'Meine Session' })).not.toContainText('Raum Süd');
    await gotoHydrated(page, `/c/${slug}/grid`);
    await page.getByRole('button', { name: 'Veröffentlichen' }).click();
    await expect(host.getByText('Das Raster wurde veröffentlicht.')).toBeVisible({ timeout: 1_000 });
    await expect(host.locator('.published-notice')).toContainText('„Meine Session“ jetzt Raum Süd, 11:00');
    await expect(host.locator('.session-card').filter({ hasText: 'Meine Session' })).toContainText('Raum Süd');
    await expectNoA11yViolations(host);
    await saveScreens(host, testInfo, 'board-published-phone');
  });
});

test('a placement by keyboard takes at most 10 key presses, and the focus stays on the moved session', async ({ page }, testInfo) => {
  test.slow();
  const slug = uniqueSlug('e2e-keys');
  await login(page);
  await createCamp(page, `Tasten-Camp ${slug}`, slug);
  const rooms = ['Raum 1', 'Raum 2', 'Raum 3', 'Raum 4', 'Raum 5', 'Raum 6'];
  for (const name of rooms) {
    await post(page.request, 'add_room', { camp: slug, name, video_url: 'https://meet.example.org/r', capacity: '30' });
  }
  for (const [starts, ends] of [['10:00', '10:45'], ['11:00', '11:45'], ['12:00', '12:45'], ['14:00', '14:45']]) {
    await post(page.request, 'add_slot', { camp: slug, day: '2026-03-10', starts, ends });
  }
  for (const title of ['Akte digital', 'Open Data', 'Ein ziemlich langer Sessiontitel über die Verwaltungsdigitalisierung']) {
    await post(page.request, 'pitch_session', { camp: slug, title, description: '', format: 'talk', tags: '' });
  }
  await place(page.request, slug, 'Akte digital', 'Raum 1', 0);
  await gotoHydrated(page, `/c/${slug}/grid`);

  await test.step('all six rooms fit beside each other at 1280 px', async () => {
    const fits = await page.locator('.grid-scroll').evaluate((el) => el.scrollWidth <= el.clientWidth);
    expect(fits).toBe(true);
    await saveScreens(page, testInfo, 'grid-editor');
  });

  await test.step('in the grid: pick up, go there, put down', async () => {
    await tabIntoGrid(page);
    await expect(cell(page, 'Raum 1', 0)).toBeFocused();
    const presses = await press(page, ['Enter', 'ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowDown', 'Enter']);
    expect(presses).toBeLessThanOrEqual(10);
    await expect(cell(page, 'Raum 3', 2)).toContainText('Akte digital');
    await expect(cell(page, 'Raum 3', 2)).toBeFocused();
  });

  await test.step('Escape lets go of a picked session', async () => {
    await page.keyboard.press('Enter');
    await expect(cell(page, 'Raum 3', 2)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Escape');
    await expect(cell(page, 'Raum 3', 2)).toHaveAttribute('aria-selected', 'false');
    await expect(cell(page, 'Raum 3', 2)).toBeFocused();
  });

  await test.step('an unplaced session through the move panel', async () => {
    await page.locator('.unplaced').getByRole('button', { name: 'Open Data' }).focus();
    // Enter picks it and opens the panel; room 2 is one down, slot 2 one down.
    const presses = await press(page, ['Enter', 'Tab', 'ArrowDown', 'Tab', 'ArrowDown', 'Tab', 'Enter']);
    expect(presses).toBeLessThanOrEqual(10);
    await expect(cell(page, 'Raum 2', 1)).toContainText('Open Data');
    await expect(cell(page, 'Raum 2', 1)).toBeFocused();
  });

  await test.step('a long title is cut at a word, and shown whole on focus', async () => {
    await place(page.request, slug, 'Ein ziemlich langer Sessiontitel über die Verwaltungsdigitalisierung', 'Raum 6', 3);
    const long = cell(page, 'Raum 6', 3);
    await expect(long).toContainText('Ein ziemlich langer');
    await expect(long.locator('.chip-title')).toHaveAttribute('title', /Verwaltungsdigitalisierung/);
    await expectNoA11yViolations(page);
  });

  await test.step('the proposal shows what changes before it is applied', async () => {
    const res = await page.request.post('/api/get_grid', { form: { camp: slug } });
    const grid = (await res.json()) as Grid;
    const open = grid.sessions.find((s) => s.title === 'Open Data')!;
    await post(page.request, 'move_session', { camp: slug, version: String(grid.version), session: open.id });
    await expect(page.locator('.unplaced')).toContainText('Open Data');
    await page.getByRole('button', { name: 'Vorschlag berechnen' }).click();
    const score = page.locator('.score-table');
    await expect(score.locator('thead')).toContainText('Änderung');
    await expect(score.getByRole('row', { name: /Sessions ohne Platz/ })).toContainText('−1');
    await expect(page.locator('.proposal-moves')).toContainText('„Open Data“ nach');
    // The grid itself shows where each move would go before anything is applied.
    const moves = await page.locator('.proposal-moves li').count();
    const marks = page.locator('.grid-table .proposal-mark');
    await expect(marks.filter({ hasText: 'Vorschlag: „Open Data“' })).toHaveCount(1);
    expect(await marks.count()).toBeLessThanOrEqual(moves);
    await expect(page.locator('.grid-table .is-proposed')).toHaveCount(await marks.count());
    await expectNoA11yViolations(page);
    await saveScreens(page, testInfo, 'grid-proposal');
    await page.getByRole('button', { name: 'Vorschlag übernehmen' }).click();
    await expect(page.locator('.unplaced')).not.toContainText('Open Data');
    await expect(page.locator('.grid-table .proposal-mark')).toHaveCount(0);
    await expectNoA11yViolations(page);
  });
});
