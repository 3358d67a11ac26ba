/**
 * The core flow with a mouse: a moderator sets up a camp on a desktop, a participant joins it
 * on a phone through the invite link, and the moderator sees them among the members. Every page
 * is checked with axe and saved as screenshots (test-results/screens/) for the developers.
 */
import type { Page } from '@playwright/test';

import { BASE_URL, MOD_EMAIL, MOD_PASSWORD, PHONE_VIEWPORT } from './env';
import {
  campUrl,
  escapeRegExp,
  expect,
  expectNoA11yViolations,
  gotoHydrated,
  reloadHydrated,
  saveScreens,
  settingsUrl,
  test,
  uniqueSlug,
  withFullPageLoad,
} from './fixtures';

const DAY = '2026-03-10';
const DAY_HEADING = 'Di. 10.03.2026';
const SLOTS = [
  ['09:00', '09:45'],
  ['10:00', '10:45'],
  ['11:00', '11:45'],
] as const;
const ROOMS = [
  { name: 'Raum Ada', url: 'https://meet.example.org/ada', capacity: '30' },
  { name: 'Raum Grace', url: 'https://meet.example.org/grace', capacity: '12' },
] as const;
const PARTICIPANT = 'Pat Beispiel (BMI)';

const MSG = {
  overlap: 'Dieser Zeitslot überschneidet sich mit einem anderen Slot desselben Tages.',
  inverted: 'Das Ende muss nach dem Beginn liegen.',
  url: 'Bitte einen Link angeben, der mit https:// oder http:// beginnt.',
  capacity: 'Bitte eine ganze Zahl von 1 bis 10.000 angeben.',
  copied: 'Einladungslink kopiert.',
};

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

test.use({ viewport: { width: 1280, height: 800 } });

test('moderator sets up a camp, a participant joins on a phone', async ({
  page,
  openContext,
  consoleGuard,
}, testInfo) => {
  // A long flow with axe and two screenshots per page: three times the default timeout.
  test.slow();
  // Field messages (overlap, bad link, capacity) arrive as 422 responses.
  consoleGuard.allowHttpErrors(422);

  const slug = uniqueSlug();
  const campName = `E2E-Camp ${slug}`;
  /** Every visited page: axe, then screenshots at 360 and 1280 pixels. */
  const check = async (p: Page, name: string) => {
    await expectNoA11yViolations(p);
    await saveScreens(p, testInfo, name);
  };

  await test.step('sign in', async () => {
    await gotoHydrated(page, '/login');
    await expect(h1(page)).toHaveText('Anmelden');
    await check(page, '01-login');

    await field(page, 'E-Mail-Adresse').fill(MOD_EMAIL);
    await field(page, 'Passwort').fill(MOD_PASSWORD);
    await withFullPageLoad(page, () => page.getByRole('button', { name: 'Anmelden', exact: true }).click());

    await expect(page).toHaveURL(`${BASE_URL}/`);
    await expect(h1(page)).toHaveText('Meine Camps');
    await expect(page.getByRole('link', { name: 'Camp anlegen' })).toHaveAttribute('href', '/camps/new');
  });

  await test.step('header of a signed-in moderator', async () => {
    const header = page.getByRole('banner');
    await expect(header.getByRole('link', { name: 'campgrid' })).toHaveClass(/\bbrand\b/);
    await expect(header.getByRole('link', { name: 'Meine Camps' })).toBeVisible();
    await expect(header.getByRole('link', { name: 'Neues Camp' })).toHaveAttribute('href', '/camps/new');
    await expect(header.getByRole('button', { name: 'English' })).toBeVisible();
    await expect(header.getByRole('button', { name: 'Abmelden' })).toBeVisible();
    await expect(header.getByRole('link', { name: 'Anmelden' })).toHaveCount(0);
    await check(page, '02-home');
  });

  await test.step('create the camp', async () => {
    await page.getByRole('link', { name: 'Camp anlegen' }).click();
    await expect(page).toHaveURL(`${BASE_URL}/camps/new`);
    await expect(h1(page)).toHaveText('Neues Camp');
    await expect(field(page, 'Zeitzone')).toHaveValue('Europe/Berlin');
    await expect(page.locator('#camp-self-service')).toBeVisible();
    await expect(page.locator('#camp-public')).toBeVisible();
    await expect(field(page, 'Beschreibung')).toBeVisible();
    await expect(field(page, 'Erlaubte E-Mail-Domains')).toBeVisible();
    await check(page, '03-camp-new');

    await field(page, 'Name des Camps').fill(campName);
    await field(page, 'Adresse (URL-Kürzel)').fill(slug);
    await field(page, 'Beschreibung').fill('Ein Camp aus den Playwright-Tests.');
    await page.getByRole('button', { name: 'Camp anlegen', exact: true }).click();

    await expect(page).toHaveURL(settingsUrl(slug));
    await expect(h1(page)).toHaveText('Camp einrichten');
    // The invitation first (it is on the first screen), then the sections in the order of
    // the work, with a link to each at the top.
    const order = ['Einladung', 'Allgemein', 'Abstimmung', 'Tage und Zeitslots', 'Räume', 'Teilnehmende'];
    await expect(page.getByRole('heading', { level: 2 })).toHaveText(order);
    await expect(page.locator('#invite-link')).toBeInViewport();
    const sections = page.getByRole('navigation', { name: 'Abschnitte' });
    await expect(sections.getByRole('link')).toHaveText(order);
    await sections.getByRole('link', { name: 'Räume' }).click();
    await expect(page.locator('#room-name')).toBeInViewport();
    await check(page, '04-settings-empty');
  });

  const days = page.getByRole('region', { name: 'Tage und Zeitslots' });
  const rooms = page.getByRole('region', { name: 'Räume', exact: true });
  const addSlot = async (starts: string, ends: string) => {
    await field(page, 'Tag').fill(DAY);
    await field(page, 'Beginn').fill(starts);
    await field(page, 'Ende').fill(ends);
    await page.getByRole('button', { name: 'Zeitslot hinzufügen' }).click();
  };

  await test.step('add three slots', async () => {
    for (const [starts, ends] of SLOTS) {
      await addSlot(starts, ends);
      await expect(days.getByText(`${starts}–${ends}`, { exact: true })).toBeVisible();
      // The form is empty again for the next slot.
      await expect(field(page, 'Tag')).toHaveValue('');
      await expect(field(page, 'Beginn')).toHaveValue('');
      await expect(field(page, 'Ende')).toHaveValue('');
    }
    await expect(days.getByRole('heading', { name: DAY_HEADING })).toBeVisible();
    await expect(days.getByRole('listitem')).toHaveCount(SLOTS.length);
  });

  await test.step('an overlapping slot is refused at the field, the input stays', async () => {
    await addSlot('09:30', '10:00');
    await expect(page.locator('#slot-starts-error')).toHaveText(MSG.overlap);
    await expect(field(page, 'Beginn')).toHaveAttribute('aria-invalid', 'true');
    await expect(field(page, 'Beginn')).toHaveAccessibleDescription(MSG.overlap);
    await expect(field(page, 'Tag')).toHaveValue(DAY);
    await expect(field(page, 'Beginn')).toHaveValue('09:30');
    await expect(field(page, 'Ende')).toHaveValue('10:00');
    await expect(days.getByRole('listitem')).toHaveCount(SLOTS.length);
    await check(page, '05-settings-slot-overlap');
  });

  await test.step('a slot that ends before it starts is refused', async () => {
    await addSlot('13:00', '12:30');
    await expect(page.locator('#slot-ends-error')).toHaveText(MSG.inverted);
    await expect(field(page, 'Ende')).toHaveAttribute('aria-invalid', 'true');
    await expect(days.getByRole('listitem')).toHaveCount(SLOTS.length);
  });

  const addRoom = async (name: string, url: string, capacity: string) => {
    // By id: every listed room has an edit form with the same labels.
    await page.locator('#room-name').fill(name);
    await page.locator('#room-url').fill(url);
    await page.locator('#room-capacity').fill(capacity);
    await page.getByRole('button', { name: 'Raum hinzufügen' }).click();
  };

  await test.step('add two rooms', async () => {
    for (const room of ROOMS) {
      await addRoom(room.name, room.url, room.capacity);
      const row = rooms.getByRole('listitem').filter({ hasText: room.name });
      await expect(row).toContainText(`${room.capacity} Plätze`);
      await expect(page.locator('#room-name')).toHaveValue('');
    }
    await expect(rooms.getByRole('listitem')).toHaveCount(ROOMS.length);
  });

  await test.step('a link that is not http(s) and a capacity of 0 are refused', async () => {
    await addRoom('Raum Fehler', 'ftp://x', '10');
    await expect(page.locator('#room-url-error')).toHaveText(MSG.url);
    await expect(page.locator('#room-url')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#room-name')).toHaveValue('Raum Fehler');

    await addRoom('Raum Fehler', 'https://meet.example.org/fehler', '0');
    await expect(page.locator('#room-capacity-error')).toHaveText(MSG.capacity);
    await expect(page.locator('#room-capacity')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#room-url-error')).toHaveText('');
    await expect(rooms.getByRole('listitem')).toHaveCount(ROOMS.length);
    await check(page, '06-settings-room-errors');
  });

  await test.step('edit a room in place', async () => {
    const row = rooms.getByRole('listitem').filter({ hasText: 'Raum Grace' });
    await row.getByText('Bearbeiten').click();
    await row.getByLabel('Plätze', { exact: true }).fill('0');
    await row.getByRole('button', { name: 'Speichern' }).click();
    await expect(row.getByText(MSG.capacity)).toBeVisible();
    await row.getByLabel('Plätze', { exact: true }).fill('15');
    await row.getByRole('button', { name: 'Speichern' }).click();
    await expect(rooms.getByRole('listitem').filter({ hasText: 'Raum Grace' })).toContainText('15 Plätze');
    await expectNoA11yViolations(page);
  });

  let inviteUrl = '';
  await test.step('read and copy the invite link', async () => {
    const invite = field(page, 'Einladungslink');
    await expect(invite).toHaveJSProperty('readOnly', true);
    await expect(invite).toHaveValue(new RegExp(`^${escapeRegExp(BASE_URL)}/c/${slug}/join\\?t=[^&\\s]+$`));
    inviteUrl = await invite.inputValue();

    await page.getByRole('button', { name: 'Kopieren', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: MSG.copied })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(inviteUrl);
    await expect(page.getByRole('button', { name: 'Neuen Link erzeugen' })).toBeVisible();
  });

  await test.step('a participant joins on a phone', async () => {
    const { page: phone } = await openContext('participant', { viewport: PHONE_VIEWPORT });
    await gotoHydrated(phone, inviteUrl);
    await expect(h1(phone)).toHaveText(`Camp beitreten: ${campName}`);
    await check(phone, '07-join');

    await field(phone, 'Ihr Name').fill(PARTICIPANT);
    await withFullPageLoad(phone, () => phone.getByRole('button', { name: 'Beitreten', exact: true }).click());

    await expect(phone).toHaveURL(campUrl(slug));
    await expect(h1(phone)).toHaveText(campName);
    const phoneDays = phone.getByRole('region', { name: 'Tage und Zeitslots' });
    await expect(phoneDays.getByRole('heading', { name: DAY_HEADING })).toBeVisible();
    for (const [starts, ends] of SLOTS) {
      await expect(phoneDays.getByText(`${starts}–${ends}`, { exact: true })).toBeVisible();
    }
    const phoneRooms = phone.getByRole('region', { name: 'Räume', exact: true });
    for (const room of ROOMS) {
      await expect(phoneRooms.getByText(room.name, { exact: true })).toBeVisible();
    }
    // Participants do not get the moderators' settings.
    await expect(phone.getByRole('link', { name: 'Camp einrichten' })).toHaveCount(0);
    await check(phone, '08-camp-participant');
  });

  await test.step('the moderator sees the participant among the members', async () => {
    await reloadHydrated(page);
    const members = page.getByRole('region', { name: 'Teilnehmende', exact: true });
    await expect(members.getByText(PARTICIPANT, { exact: true })).toBeVisible();
    // Each row shows the role and has one menu with its actions (see moderators.spec.ts).
    const row = members.getByRole('listitem').filter({ hasText: PARTICIPANT });
    await expect(row.locator('.badge')).toHaveText(['Teilnehmend']);
    const menu = row.locator('summary');
    await expect(menu).toHaveAccessibleName(`Aktionen für ${PARTICIPANT}`);
    await menu.click();
    await expect(row.getByRole('button', { name: 'Zur Moderation machen', exact: true })).toBeVisible();
    await expect(row.getByRole('button', { name: 'Entfernen', exact: true })).toBeEnabled();
    await check(page, '09-settings-with-member');
  });

  await test.step('the moderator views the camp page', async () => {
    await page.getByRole('link', { name: campName, exact: true }).click();
    await expect(page).toHaveURL(campUrl(slug));
    await expect(h1(page)).toHaveText(campName);
    await expect(page.getByRole('link', { name: 'Camp einrichten' })).toBeVisible();
    await check(page, '10-camp-moderator');
  });
});
