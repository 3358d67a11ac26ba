/**
 * Accounts (issue 14, points 3 and 6): a moderator turns on two-step verification (TOTP) and
 * signs in with a code from the "app" (computed here by RFC 6238); a participant shows a
 * one-time code on the laptop and signs the phone in with it (in English), sees the own pitch
 * editable there, and signs the laptop out from the phone. axe and screenshots on the new pages.
 */
import crypto from 'node:crypto';

import type { Page } from '@playwright/test';

import { MOD2_EMAIL, MOD_PASSWORD, PHONE_VIEWPORT } from './env';
import {
  createCamp,
  expect,
  expectNoA11yViolations,
  gotoHydrated,
  login,
  mailsTo,
  openPitchForm,
  saveScreens,
  test,
  uniqueSlug,
  withFullPageLoad,
} from './fixtures';

/** RFC 4648 base32 (no padding) to bytes. */
function base32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/\s+/g, '').toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  }
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((b) => parseInt(b, 2)));
}

/** The code an authenticator app shows `offset` steps from now (RFC 6238, SHA-1, 6 digits). */
function totp(secret: string, offset = 0): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30) + offset));
  const mac = crypto.createHmac('sha1', base32(secret)).update(counter).digest();
  const at = mac[mac.length - 1] & 0xf;
  const number = (mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000;
  return number.toString().padStart(6, '0');
}

async function signOut(page: Page): Promise<void> {
  const header = page.locator('header');
  const toggle = header.getByText('Menü', { exact: true });
  if (await toggle.isVisible()) await toggle.click();
  await withFullPageLoad(page, () => header.getByRole('button', { name: 'Abmelden', exact: true }).click());
}

test('a moderator turns on two-step verification and signs in with a code', async ({ page, consoleGuard }, testInfo) => {
  test.slow();
  // The sign-in without a code is answered with 422 and a field message, on purpose.
  consoleGuard.allowHttpErrors(422);
  await login(page, MOD2_EMAIL, MOD_PASSWORD);
  await gotoHydrated(page, '/account');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mein Konto');
  const devices = page.getByRole('region', { name: 'Angemeldete Geräte' });
  await expect(devices.getByText('Dieses Gerät', { exact: true })).toBeVisible();
  await expectNoA11yViolations(page);
  await saveScreens(page, testInfo, 'account-moderator');

  const section = page.getByRole('region', { name: 'Bestätigung in zwei Schritten' });
  await section.getByRole('button', { name: 'Einrichten', exact: true }).click();
  await expect(section.getByRole('img', { name: 'QR-Code für die Authenticator-App' })).toBeVisible();
  const secret = (await section.locator('code.totp-secret').innerText()).trim();
  expect(secret.replace(/\s/g, '')).toMatch(/^[A-Z2-7]{32}$/);
  // Keyboard only: the code, the password, then Enter.
  await section.getByLabel('Code', { exact: true }).fill(totp(secret));
  await section.getByLabel('Aktuelles Passwort', { exact: true }).fill(MOD_PASSWORD);
  await section.getByLabel('Aktuelles Passwort', { exact: true }).press('Enter');
  const codes = section.getByRole('listitem');
  await expect(codes).toHaveCount(10);
  await expect(section.getByRole('heading', { name: 'Ihre Wiederherstellungscodes' })).toBeVisible();
  await expectNoA11yViolations(page);
  await saveScreens(page, testInfo, 'account-recovery-codes');
  await section.getByRole('button', { name: 'Ich habe die Codes gesichert' }).click();
  await expect(section.getByText('Eingeschaltet: Bei der Anmeldung fragt campgrid')).toBeVisible();
  await expect(section.getByText('Noch 10 Wiederherstellungscodes übrig.')).toBeVisible();

  await signOut(page);
  await gotoHydrated(page, '/login');
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(MOD2_EMAIL);
  await page.getByLabel('Passwort', { exact: true }).fill(MOD_PASSWORD);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  const code = page.getByLabel('Code', { exact: true });
  await expect(code).toBeVisible();
  await expect(page.locator('#login-code-error')).toHaveText('Bitte geben Sie den Code aus Ihrer Authenticator-App ein.');
  await saveScreens(page, testInfo, 'login-code');
  // The code that turned it on was used once already: the next step's code, as a clock a
  // little ahead would show it.
  await code.fill(totp(secret, 1));
  await withFullPageLoad(page, () => code.press('Enter'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meine Camps');
});

test('a forgotten password: a mailed link, used up only by saving the new password', async ({ page, consoleGuard }, testInfo) => {
  test.slow();
  // A common password (422) and the used link (403) are refused on purpose.
  consoleGuard.allowHttpErrors(422, 403);
  await gotoHydrated(page, '/login');
  await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Passwort zurücksetzen');
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(MOD2_EMAIL);
  await page.getByLabel('E-Mail-Adresse', { exact: true }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: `Gibt es zu ${MOD2_EMAIL} ein Moderationskonto` })).toBeVisible();
  await expectNoA11yViolations(page);
  await saveScreens(page, testInfo, 'reset-ask');

  // The first mail to this account told it that TOTP was turned on; the second has the link.
  const mails = await mailsTo(MOD2_EMAIL, 2);
  const link = /https?:\/\/\S+\/reset\?t=[\w-]+/.exec(mails[1].text ?? '')?.[0];
  expect(link, `a reset link in: ${mails[1].text}`).toBeTruthy();
  await gotoHydrated(page, link!);
  const password = page.getByLabel('Neues Passwort', { exact: true });
  await expect(password).toBeVisible();
  await expectNoA11yViolations(page);
  await saveScreens(page, testInfo, 'reset-new');
  await password.fill('1234567890');
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await expect(page.locator('#reset-password-error')).toContainText('Dieses Passwort ist zu verbreitet');
  await password.fill('a new sentence for the second moderator');
  await password.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Ihr Passwort ist geändert.' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Anmelden' }).last()).toHaveAttribute('href', '/login');
  await gotoHydrated(page, link!);
  await expect(page.getByText('Dieser Link ist ungültig', { exact: false })).toBeVisible();
});

test('a participant signs in a second device with a one-time code, then signs the first out from it', async (
  { page, openContext, consoleGuard },
  testInfo,
) => {
  test.slow();
  consoleGuard.allowHttpErrors(401);
  const slug = uniqueSlug('e2e-device');
  await login(page);
  await createCamp(page, `Geräte-Camp ${slug}`, slug);
  const inviteUrl = await page.locator('#invite-link').inputValue();

  const { page: laptop } = await openContext('laptop');
  await gotoHydrated(laptop, inviteUrl);
  await laptop.getByLabel('Ihr Name', { exact: true }).fill('Alex Laptop (BMI)');
  await withFullPageLoad(laptop, () => laptop.getByRole('button', { name: 'Beitreten' }).click());
  await openPitchForm(laptop);
  await laptop.getByLabel('Titel', { exact: true }).fill('Verwaltung ohne Papier');
  await laptop.getByRole('button', { name: 'Vorschlagen', exact: true }).click();
  await expect(laptop.getByRole('listitem').filter({ hasText: 'Verwaltung ohne Papier' })).toContainText('Ihre Session');

  await gotoHydrated(laptop, '/account');
  const other = laptop.getByRole('region', { name: 'Auf einem anderen Gerät anmelden' });
  await other.getByRole('button', { name: 'Code anzeigen' }).click();
  const shown = other.locator('.device-code-value');
  await expect(shown).toHaveText(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await expect(other.getByRole('img', { name: 'Auf einem anderen Gerät anmelden' })).toBeVisible();
  await expectNoA11yViolations(laptop);
  await saveScreens(laptop, testInfo, 'account-device-code');
  const code = await shown.innerText();

  // The phone, in English, scans the QR code: the page says whose code it is; typing the
  // code at /device works the same (the HTTP tests type it in lower case, with spaces).
  const { page: phone } = await openContext('phone', { viewport: PHONE_VIEWPORT, locale: 'en-GB' });
  await gotoHydrated(phone, `/device?c=${code}`);
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Sign in this device');
  await expect(phone.getByLabel('Code', { exact: true })).toHaveValue(code);
  const signIn = phone.getByRole('button', { name: 'Sign in as Alex Laptop (BMI)', exact: true });
  await expect(signIn).toBeVisible();
  await expectNoA11yViolations(phone);
  await saveScreens(phone, testInfo, 'device-en');
  await withFullPageLoad(phone, () => signIn.click());
  await gotoHydrated(phone, `/c/${slug}`);
  const pitch = phone.getByRole('listitem').filter({ hasText: 'Verwaltung ohne Papier' });
  await expect(pitch).toContainText('Your session');
  await pitch.getByRole('link', { name: 'Verwaltung ohne Papier' }).click();
  await expect(phone.getByRole('heading', { name: 'Edit session' })).toBeVisible();

  // Without a password or a confirmed address, this device's sign-in is the way back: it
  // cannot be ended here, and "all" ends the others.
  await gotoHydrated(phone, '/account');
  const devices = phone.getByRole('region', { name: 'Signed-in devices' });
  await expect(devices.getByRole('listitem')).toHaveCount(2);
  await expect(devices.getByRole('listitem').filter({ hasText: 'This device' }).getByRole('button')).toHaveCount(0);
  await expectNoA11yViolations(phone);
  await saveScreens(phone, testInfo, 'account-participant-en');
  await devices.getByRole('button', { name: 'Sign out all other devices' }).click();
  const dialog = phone.getByRole('dialog', { name: 'Sign out all other devices?' });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Sign out all other devices' }).click();
  await expect(phone.getByRole('status').filter({ hasText: 'The sign-in has ended.' })).toBeVisible();
  await expect(devices.getByRole('listitem')).toHaveCount(1);
  await gotoHydrated(laptop, '/');
  await expect(laptop.locator('header').getByRole('link', { name: 'Anmelden' })).toBeAttached();
});
