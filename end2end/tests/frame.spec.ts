/**
 * The frame around the flows: not-found pages, the language switch and Accept-Language, what a
 * signed-out visitor sees, and the messages for a wrong password, a taken camp address and a
 * stale invite link.
 */
import type { Page } from '@playwright/test';

import { MOD_EMAIL } from './env';
import {
  createCamp,
  expect,
  expectNoA11yViolations,
  expectNoSidewaysScroll,
  gotoHydrated,
  login,
  test,
  uniqueSlug,
  withFullPageLoad,
} from './fixtures';

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

test.describe('not found', () => {
  test.beforeEach(({ consoleGuard }) => {
    // The document itself is answered with 404.
    consoleGuard.allowHttpErrors(404);
  });

  test('an unknown path answers 404 with a page', async ({ page }) => {
    const response = await gotoHydrated(page, `/gibt-es-nicht-${uniqueSlug()}`);
    expect(response?.status()).toBe(404);
    await expect(h1(page)).toHaveText('Seite nicht gefunden');
    await expect(page.getByRole('link', { name: 'Zur Startseite' })).toBeVisible();
    await expectNoA11yViolations(page);
  });

  test('an unknown camp answers 404 with a page', async ({ page }) => {
    const response = await gotoHydrated(page, `/c/${uniqueSlug('nope')}`);
    expect(response?.status()).toBe(404);
    await expect(h1(page)).toHaveText('Seite nicht gefunden');
    await expectNoA11yViolations(page);
  });
});

// Issue 12: no page scrolls sideways at 360 px. The flows' specs check every page they
// screenshot; these are the pages no flow passes through.
test('pages outside the flows fit a 360 px phone, in German and English', async ({ page, consoleGuard }) => {
  consoleGuard.allowHttpErrors(404);
  await page.setViewportSize({ width: 360, height: 640 });
  for (const lang of ['Deutsch', 'English']) {
    for (const path of ['/', '/setup', `/gibt-es-nicht-${uniqueSlug()}`, `/c/${uniqueSlug('nope')}/schedule`]) {
      await gotoHydrated(page, path);
      await expect(h1(page)).toBeVisible();
      await expectNoSidewaysScroll(page, `${path} (${lang})`);
    }
    if (lang === 'Deutsch') {
      await withFullPageLoad(page, () => page.getByRole('button', { name: 'English', exact: true }).click());
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    }
  }
});

test.describe('header and language', () => {
  test('the header of a signed-out visitor', async ({ page }) => {
    await gotoHydrated(page, '/');
    const header = page.getByRole('banner');
    await expect(header.getByRole('link', { name: 'campgrid' })).toHaveClass(/\bbrand\b/);
    await expect(header.getByRole('link', { name: 'Meine Camps' })).toBeVisible();
    await expect(header.getByRole('link', { name: 'Anmelden' })).toHaveAttribute('href', '/login');
    await expect(header.getByRole('button', { name: 'English' })).toBeVisible();
    await expect(header.getByRole('button', { name: 'Abmelden' })).toHaveCount(0);
    await expect(header.getByRole('link', { name: 'Neues Camp' })).toHaveCount(0);
    await expectNoA11yViolations(page);
  });

  test('on a phone the header is one row: brand, language, menu', async ({ page }) => {
    await login(page);
    await page.setViewportSize({ width: 360, height: 640 });
    await gotoHydrated(page, '/');
    const header = page.getByRole('banner');
    const box = await header.boundingBox();
    expect(box!.height, 'header height at 360 px').toBeLessThanOrEqual(72);
    const menu = header.locator('summary', { hasText: 'Menü' });
    await expect(menu).toBeVisible();
    await expect(header.getByRole('button', { name: 'Abmelden' })).toBeHidden();
    const tops = await Promise.all(
      [header.getByRole('link', { name: 'campgrid' }), header.getByRole('button', { name: 'English' }), menu].map(
        async (l) => (await l.boundingBox())!.y,
      ),
    );
    expect(Math.max(...tops) - Math.min(...tops), 'brand, language and menu in one row').toBeLessThan(24);
    await menu.press('Enter');
    await expect(header.getByRole('link', { name: 'Neues Camp' })).toBeVisible();
    await expect(header.getByRole('button', { name: 'Abmelden' })).toBeVisible();
    await expectNoA11yViolations(page);
    // A link in the menu closes it.
    await header.getByRole('link', { name: 'Neues Camp' }).click();
    await expect(h1(page)).toHaveText('Neues Camp');
    await expect(header.getByRole('button', { name: 'Abmelden' })).toBeHidden();
  });

  test('the language switch reloads the page in English and back', async ({ page }) => {
    await gotoHydrated(page, '/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(h1(page)).toHaveText('Anmelden');

    await withFullPageLoad(page, () => page.getByRole('button', { name: 'English', exact: true }).click());
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(h1(page)).toHaveText('Sign in');
    await expect(page.getByLabel('E-mail address', { exact: true })).toBeVisible();
    await expectNoA11yViolations(page);

    await withFullPageLoad(page, () => page.getByRole('button', { name: 'Deutsch', exact: true }).click());
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(h1(page)).toHaveText('Anmelden');
  });

  test('an English browser gets English on its first visit', async ({ openContext }) => {
    const { page } = await openContext('english browser', { locale: 'en-US' });
    await gotoHydrated(page, '/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(h1(page)).toHaveText('Sign in');
    await expect(page.getByRole('button', { name: 'Deutsch', exact: true })).toBeVisible();
    await expectNoA11yViolations(page);
  });
});

test.describe('messages', () => {
  test('a wrong password is reported at the password field', async ({ page, consoleGuard }) => {
    consoleGuard.allowHttpErrors(422);
    const message = 'E-Mail-Adresse oder Passwort stimmen nicht.';
    await gotoHydrated(page, '/login');
    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(MOD_EMAIL);
    const password = page.getByLabel('Passwort', { exact: true });
    await password.fill('definitely-not-the-password');
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();

    await expect(page.locator('#login-password-error')).toHaveText(message);
    await expect(password).toHaveAttribute('aria-invalid', 'true');
    await expect(password).toHaveAccessibleDescription(message);
    await expect(page).toHaveURL(/\/login$/);
    await expect(h1(page)).toHaveText('Anmelden');
    await expectNoA11yViolations(page);
  });

  test('a taken camp address is reported at the address field', async ({ page, consoleGuard }) => {
    consoleGuard.allowHttpErrors(422);
    const slug = uniqueSlug();
    await login(page);
    await createCamp(page, `Erstes Camp ${slug}`, slug);

    await gotoHydrated(page, '/camps/new');
    await page.getByLabel('Name des Camps', { exact: true }).fill(`Zweites Camp ${slug}`);
    const address = page.getByLabel('Adresse (URL-Kürzel)', { exact: true });
    await address.fill(slug);
    await page.getByRole('button', { name: 'Camp anlegen', exact: true }).click();

    await expect(page.locator('#camp-slug-error')).toHaveText('Diese Adresse ist schon vergeben.');
    await expect(address).toHaveAttribute('aria-invalid', 'true');
    await expect(address).toHaveValue(slug);
    await expect(page).toHaveURL(/\/camps\/new$/);
    await expectNoA11yViolations(page);
  });

  test('signed-out visitors of a camp are asked to sign in; a stale invite link is explained', async ({
    page,
    openContext,
    consoleGuard,
  }) => {
    // Not signed in: 401 for the camp; a wrong invite token: 403.
    consoleGuard.allowHttpErrors(401, 403);
    const slug = uniqueSlug();
    await login(page);
    await createCamp(page, `Geschlossenes Camp ${slug}`, slug);

    const { page: visitor } = await openContext('visitor');
    await gotoHydrated(visitor, `/c/${slug}`);
    await expect(visitor.getByRole('heading', { name: 'Bitte melden Sie sich an.' })).toBeVisible();
    await expect(visitor.getByRole('main').getByRole('link', { name: 'Anmelden' })).toHaveAttribute(
      'href',
      '/login',
    );
    await expect(visitor.getByText(`Geschlossenes Camp ${slug}`)).toHaveCount(0);
    await expectNoA11yViolations(visitor);

    await gotoHydrated(visitor, `/c/${slug}/join?t=kein-gueltiger-token`);
    await expect(
      visitor.getByText(
        'Dieser Einladungslink ist ungültig oder abgelaufen. Bitte fragen Sie die Moderation nach dem aktuellen Link.',
      ),
    ).toBeVisible();
    await expect(visitor.getByLabel('Ihr Name', { exact: true })).toHaveCount(0);
    await expectNoA11yViolations(visitor);
  });
});
