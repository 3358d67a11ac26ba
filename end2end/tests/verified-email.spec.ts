/**
 * Invited public servants only (issue 14, points 1–3): a camp that admits only bund.de
 * addresses mails a link, read here from the real SMTP server that `.ci/e2e.sh` starts; the
 * link opens a page whose button (a POST) confirms; the participant pitches. On a second
 * browser (in English) the same address signs in as the same person, whose pitch is theirs.
 */
import type { Page } from '@playwright/test';

import { PHONE_VIEWPORT } from './env';
import {
  campUrl,
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
  type Mail,
} from './fixtures';

function linkIn(mail: Mail): string {
  const link = /https?:\/\/\S+\/confirm\?t=[\w-]+/.exec(mail.text ?? '')?.[0];
  expect(link, `a confirm link in: ${mail.text}`).toBeTruthy();
  return link!;
}

async function askForLink(page: Page, inviteUrl: string, name: string, email: string, labels: Labels) {
  await gotoHydrated(page, inviteUrl);
  await page.getByLabel(labels.name, { exact: true }).fill(name);
  await page.getByLabel(labels.email, { exact: true }).fill(email);
  await page.getByRole('button', { name: labels.join, exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: labels.checkMail })).toBeVisible();
}

type Labels = { name: string; email: string; join: string; checkMail: string };
const DE: Labels = { name: 'Ihr Name', email: 'E-Mail-Adresse', join: 'Beitreten', checkMail: 'Bitte sehen Sie in Ihr Postfach' };
const EN: Labels = { name: 'Your name', email: 'E-mail address', join: 'Join', checkMail: 'Please check your inbox' };

test('join with a work address, confirm the mailed link, pitch; sign in on a second browser', async (
  { page, openContext, consoleGuard },
  testInfo,
) => {
  test.slow();
  // The address outside the allow-list is answered with 422 and a field message, on purpose.
  consoleGuard.allowHttpErrors(422);
  const slug = uniqueSlug('e2e-mail');
  const email = `alex-${slug}@bund.de`;

  await login(page);
  await createCamp(page, `Behörden-Camp ${slug}`, slug);
  await page.getByLabel('Erlaubte E-Mail-Domains', { exact: true }).fill('bund.de');
  const general = page.getByRole('region', { name: 'Allgemein', exact: true });
  await general.getByRole('button', { name: 'Speichern', exact: true }).click();
  await expect(general.getByText('Gespeichert.')).toBeVisible();
  const inviteUrl = await page.getByLabel('Einladungslink', { exact: true }).inputValue();

  const { page: phone } = await openContext('phone', { viewport: PHONE_VIEWPORT });

  await test.step('an address outside the allow-list is refused at the field', async () => {
    await gotoHydrated(phone, inviteUrl);
    await expect(phone.getByText('bund.de', { exact: true })).toBeVisible();
    await phone.getByLabel('Ihr Name', { exact: true }).fill('Alex Muster (BMI)');
    await phone.getByLabel('E-Mail-Adresse', { exact: true }).fill('alex@example.org');
    await phone.getByRole('button', { name: 'Beitreten', exact: true }).click();
    await expect(phone.locator('#join-email-error')).toContainText('Domain');
    await expect(phone.getByLabel('E-Mail-Adresse', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  });

  await test.step('a valid address gets a mail from the real SMTP server', async () => {
    await phone.getByLabel('E-Mail-Adresse', { exact: true }).fill(email);
    await phone.getByRole('button', { name: 'Beitreten', exact: true }).click();
    await expect(phone.getByRole('status').filter({ hasText: DE.checkMail })).toContainText(email);
    await expectNoA11yViolations(phone);
    await saveScreens(phone, testInfo, 'join-mail-sent');
  });

  const [mail] = await mailsTo(email, 1);
  expect(mail.subject).toContain(`Behörden-Camp ${slug}`);
  expect(mail.html).toContain('<a href=');

  await test.step('the link opens a page; only its button confirms', async () => {
    await gotoHydrated(phone, linkIn(mail));
    await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Adresse bestätigen');
    await expect(phone.getByText(email)).toBeVisible();
    await expectNoA11yViolations(phone);
    await saveScreens(phone, testInfo, 'confirm');
    await withFullPageLoad(phone, () =>
      phone.getByRole('button', { name: 'Als Alex Muster (BMI) beitreten', exact: true }).click(),
    );
    await expect(phone).toHaveURL(campUrl(slug));
  });

  await test.step('the new member pitches a session', async () => {
    await openPitchForm(phone);
    await phone.getByLabel('Titel', { exact: true }).fill('Open Data im Bund');
    await phone.getByRole('button', { name: 'Vorschlagen', exact: true }).click();
    const card = phone.getByRole('listitem').filter({ hasText: 'Open Data im Bund' });
    await expect(card).toContainText('Ihre Session');
  });

  await test.step('a used link is refused', async () => {
    const { page: other } = await openContext('other');
    consoleGuard.allowHttpErrors(403);
    await gotoHydrated(other, linkIn(mail));
    await expect(other.getByText('Dieser Link ist ungültig, schon benutzt oder abgelaufen.', { exact: false })).toBeVisible();
  });

  await test.step('a second browser, in English, signs in as the same person by mail', async () => {
    const { page: laptop } = await openContext('laptop', { locale: 'en-GB' });
    await askForLink(laptop, inviteUrl, 'Alex', email, EN);
    const mails = await mailsTo(email, 2);
    await gotoHydrated(laptop, linkIn(mails[1]));
    await expect(laptop.getByRole('heading', { level: 1 })).toHaveText('Confirm your address');
    await expectNoA11yViolations(laptop);
    await withFullPageLoad(laptop, () =>
      laptop.getByRole('button', { name: 'Sign in as Alex Muster (BMI)', exact: true }).click(),
    );
    await expect(laptop).toHaveURL(campUrl(slug));
    const card = laptop.getByRole('listitem').filter({ hasText: 'Open Data im Bund' });
    await expect(card).toContainText('Your session');
  });

  await test.step('the moderator sees the member as verified', async () => {
    await page.reload();
    const row = page
      .getByRole('region', { name: 'Teilnehmende', exact: true })
      .getByRole('listitem')
      .filter({ hasText: 'Alex Muster (BMI)' });
    await expect(row).toContainText(email);
    await expect(row.locator('.badge-ok')).toHaveText('bestätigt');
    await expect(page.getByRole('region', { name: 'Postausgang' })).toHaveCount(0);
  });
});
