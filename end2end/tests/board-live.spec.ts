/**
 * The live board with two people: A pitches on a phone, B sees it appear without reload and
 * marks interest, A sees the count change; B's connection is cut and restored and B catches
 * up; the session page (shareable address) follows edits; a moderator hides a session and it
 * leaves every board; search and filters are plain links. axe-clean throughout.
 */
import type { Page } from '@playwright/test';

import { PHONE_VIEWPORT } from './env';
import {
  createCamp,
  expect,
  expectNoA11yViolations,
  gotoHydrated,
  login,
  openPitchForm,
  saveScreens,
  test,
  uniqueSlug,
  withFullPageLoad,
} from './fixtures';

/** "Within one second" from the issue, measured after the action's own request returned. */
const LIVE = { timeout: 1_000 };

async function join(page: Page, inviteUrl: string, name: string): Promise<void> {
  await gotoHydrated(page, inviteUrl);
  await page.getByLabel('Ihr Name', { exact: true }).fill(name);
  await withFullPageLoad(page, () => page.getByRole('button', { name: 'Beitreten' }).click());
}

async function pitch(page: Page, title: string, description = ''): Promise<void> {
  await openPitchForm(page);
  await page.getByLabel('Titel', { exact: true }).fill(title);
  await page.getByLabel('Kurzbeschreibung', { exact: true }).fill(description);
  const done = page.waitForResponse((r) => r.url().endsWith('/api/pitch_session'));
  await page.getByRole('button', { name: 'Vorschlagen', exact: true }).click();
  expect((await done).status()).toBe(200);
}

const card = (page: Page, title: string) => page.getByRole('listitem').filter({ hasText: title });

test('two people follow the board live, and catch up after a cut connection', async ({
  page,
  openContext,
}, testInfo) => {
  test.slow();
  const slug = uniqueSlug('e2e-live');
  await login(page);
  await createCamp(page, `Live-Camp ${slug}`, slug);
  const inviteUrl = await page.locator('#invite-link').inputValue();

  const { page: a } = await openContext('A', { viewport: PHONE_VIEWPORT });
  await join(a, inviteUrl, 'Alex Amt');
  const { context: bContext, page: b } = await openContext('B', { viewport: PHONE_VIEWPORT });
  await join(b, inviteUrl, 'Bea Behörde');

  await test.step('A pitches on a phone, B sees it appear and hears it announced', async () => {
    await pitch(a, 'Digitale Akte', 'Folien: https://example.org/akte\n<script>alert(1)</script>');
    await expect(card(b, 'Digitale Akte')).toBeVisible(LIVE);
    await expect(b.locator('[aria-live="polite"]').filter({ hasText: 'Neue Session: Digitale Akte' })).toHaveCount(1);
    await expect(card(b, 'Digitale Akte')).toContainText('<script>alert(1)</script>');
    await expect(card(b, 'Digitale Akte').getByRole('link', { name: 'https://example.org/akte' })).toHaveAttribute(
      'href',
      'https://example.org/akte',
    );
  });

  await test.step('B marks interest, A sees the count change', async () => {
    await card(b, 'Digitale Akte').getByRole('button', { name: /^Interesse/ }).click();
    await expect(card(b, 'Digitale Akte')).toContainText('1 Person interessiert');
    await expect(card(a, 'Digitale Akte')).toContainText('1 Person interessiert', LIVE);
  });

  await test.step('a new pitch does not move B\'s keyboard focus', async () => {
    const button = card(b, 'Digitale Akte').getByRole('button', { name: /^Interesse/ });
    await button.focus();
    await pitch(a, 'Open Data im Kreis');
    await expect(card(b, 'Open Data im Kreis')).toBeVisible(LIVE);
    await expect(button).toBeFocused();
  });

  await test.step('B goes offline, misses changes, and catches up when back', async () => {
    await bContext.setOffline(true);
    await expect(b.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible({ timeout: 10_000 });
    await pitch(a, 'Während B offline war');
    await gotoHydrated(page, `/c/${slug}`);
    await card(page, 'Open Data im Kreis').getByRole('button', { name: /^Interesse/ }).click();
    await expect(card(page, 'Open Data im Kreis')).toContainText('1 Person interessiert');
    await bContext.setOffline(false);
    // EventSource retries by itself (every few seconds); then the board reloads.
    await expect(card(b, 'Während B offline war')).toBeVisible({ timeout: 15_000 });
    await expect(card(b, 'Open Data im Kreis')).toContainText('1 Person interessiert');
    await expect(b.getByRole('status').filter({ hasText: 'Offline' })).toBeHidden();
  });

  let sessionUrl = '';
  await test.step('the session page has its own address and follows edits live', async () => {
    await card(b, 'Digitale Akte').getByRole('link', { name: 'Digitale Akte' }).click();
    await expect(b.getByRole('heading', { level: 1 })).toHaveText('Digitale Akte');
    sessionUrl = b.url();
    expect(sessionUrl).toMatch(new RegExp(`/c/${slug}/s/[0-9a-f-]{36}$`));
    await expect(b.getByText('Sessiongeber:in: Alex Amt')).toBeVisible();
    await expectNoA11yViolations(b);

    await gotoHydrated(a, sessionUrl);
    await a.getByText('Session bearbeiten').click();
    await a.getByLabel('Titel', { exact: true }).fill('Digitale Akte – Erfahrungen');
    await a.getByLabel('Format', { exact: true }).selectOption('workshop');
    await a.getByRole('button', { name: 'Änderungen speichern' }).click();
    await expect(a.getByRole('heading', { level: 1 })).toHaveText('Digitale Akte – Erfahrungen');
    await expect(b.getByRole('heading', { level: 1 })).toHaveText('Digitale Akte – Erfahrungen', LIVE);
    await expect(b.getByText('Workshop', { exact: true })).toBeVisible();
    await expectNoA11yViolations(a);
    await saveScreens(a, testInfo, 'session-page-host');
  });

  await test.step('a moderator hides a session; it leaves every board and can be restored', async () => {
    await gotoHydrated(b, `/c/${slug}`);
    await gotoHydrated(page, sessionUrl);
    await page.getByRole('button', { name: 'Ausblenden' }).click();
    await expect(page.getByText('Diese Session ist für alle außer der Moderation ausgeblendet.')).toBeVisible();
    await expect(card(b, 'Digitale Akte')).toHaveCount(0, LIVE);
    await gotoHydrated(page, `/c/${slug}`);
    await page.getByText('Ausgeblendete Sessions (1)').click();
    await page.getByRole('link', { name: 'Digitale Akte – Erfahrungen' }).click();
    await page.getByRole('button', { name: 'Wieder einblenden' }).click();
    await expect(card(b, 'Digitale Akte')).toBeVisible(LIVE);
  });

  await test.step('search and filters give a shareable address', async () => {
    await b.getByLabel('Suche in Titel und Beschreibung').fill('open DATA');
    await b.getByRole('button', { name: 'Anzeigen' }).click();
    await expect(b).toHaveURL(/[?&]q=open\+DATA/);
    await expect(b.locator('.session-list > li')).toHaveCount(1);
    await expect(card(b, 'Open Data im Kreis')).toBeVisible();
    await expect(b.getByText('1 von 3 Sessions angezeigt')).toBeVisible();
    // On a phone the order sits in the folded "Filter und Sortierung".
    if (!(await b.getByLabel('Sortierung').isVisible())) await b.locator('.filter-more > summary').click();
    await b.getByLabel('Sortierung').selectOption('interest');
    await b.getByLabel('Suche in Titel und Beschreibung').fill('');
    await b.getByRole('button', { name: 'Anzeigen' }).click();
    await expect(b.locator('.session-list > li').first()).toContainText(/Digitale Akte|Open Data/);
    await expectNoA11yViolations(b);
    await saveScreens(b, testInfo, 'board-participant');
    // On a 360 x 640 phone format, tag and order fold behind one line; the fold opens by
    // keyboard, and a link with a sort opens it.
    const size = b.viewportSize();
    await b.setViewportSize({ width: 360, height: 640 });
    await gotoHydrated(b, `/c/${slug}`);
    await expect(b.getByLabel('Sortierung')).toBeHidden();
    await b.locator('.filter-more > summary').focus();
    await b.keyboard.press('Enter');
    await expect(b.getByLabel('Sortierung')).toBeVisible();
    await gotoHydrated(b, `/c/${slug}?sort=interest`);
    await expect(b.getByLabel('Sortierung')).toBeVisible();
    await b.setViewportSize(size!);
    // The same address in a fresh load shows the same result.
    await gotoHydrated(b, `/c/${slug}?q=offline`);
    await expect(b.locator('.session-list > li')).toHaveCount(1);
    await expect(card(b, 'Während B offline war')).toBeVisible();
  });
});

test('a host withdraws a session after confirming', async ({ page, openContext, consoleGuard }) => {
  // The withdrawn session's page answers 404 when it reloads, on purpose.
  consoleGuard.allowHttpErrors(404);
  const slug = uniqueSlug('e2e-withdraw');
  await login(page);
  await createCamp(page, `Rückzug-Camp ${slug}`, slug);
  const inviteUrl = await page.locator('#invite-link').inputValue();
  const { page: host } = await openContext('host', { viewport: PHONE_VIEWPORT });
  await join(host, inviteUrl, 'Hanna Host');
  await pitch(host, 'Nicht mehr nötig');
  await card(host, 'Nicht mehr nötig').getByRole('link', { name: 'Nicht mehr nötig' }).click();
  await expect(host.getByRole('heading', { level: 1 })).toHaveText('Nicht mehr nötig');
  await host.getByRole('button', { name: 'Zurückziehen' }).click();
  // Not without the confirmation.
  await expect(host.getByRole('heading', { level: 1 })).toHaveText('Nicht mehr nötig');
  await host.getByLabel(/Ich möchte diese Session zurückziehen/).check();
  await host.getByRole('button', { name: 'Zurückziehen' }).click();
  await expect(host.getByRole('heading', { level: 1 })).toHaveText('Die Session wurde zurückgezogen.');
  await host.getByRole('link', { name: 'Zurück zum Board' }).click();
  await expect(host.getByText('Noch keine Sessions vorgeschlagen.', { exact: false })).toBeVisible();
});
