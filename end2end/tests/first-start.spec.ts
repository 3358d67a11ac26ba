/**
 * The first start, on a server of its own with an empty database: /setup works only through
 * the one-time link that `campgrid serve` prints, and the first moderator is signed in at once.
 * (The other specs share a server whose moderator .ci/e2e.sh made with create-moderator.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  expect,
  expectNoA11yViolations,
  gotoHydrated,
  saveScreens,
  test,
  withFullPageLoad,
} from './fixtures';
import { BIN, startServer, stopServer, type OwnServer } from './own-server';

const LISTEN = '127.0.0.1:3139';

let dir = '';
let server: OwnServer | undefined;

test.beforeAll(async () => {
  expect(BIN, 'CAMPGRID_E2E_BIN (set by .ci/e2e.sh)').not.toBe('');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campgrid-first-start-'));
  server = await startServer(LISTEN, ['--data-dir', dir]);
});

test.afterAll(async () => {
  if (server) await stopServer(server);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the first moderator is created only through the printed setup link', async ({ page, consoleGuard }, testInfo) => {
  const origin = server!.origin;
  const link = new RegExp(`${origin}/setup\\?token=[A-Za-z0-9_-]{43}`).exec(server!.stdout())?.[0];
  expect(link, server!.stdout()).toBeTruthy();

  await test.step('without the link the page says where to find it', async () => {
    await gotoHydrated(page, `${origin}/setup`);
    await expect(page.getByText('Öffnen Sie diese Seite über den Einrichtungslink')).toBeVisible();
    await expect(page.getByLabel('Passwort', { exact: true })).toHaveCount(0);
    await expectNoA11yViolations(page);
    await saveScreens(page, testInfo, 'setup-without-link');
  });

  await test.step('a wrong token is refused with a message', async () => {
    consoleGuard.allowHttpErrors(403);
    await gotoHydrated(page, `${origin}/setup?token=guessed`);
    await page.getByLabel('Ihr Name', { exact: true }).fill('Mo Erste');
    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill('mo.erste@example.org');
    await page.getByLabel('Passwort', { exact: true }).fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Konto anlegen', exact: true }).click();
    await expect(page.getByText('Dieser Einrichtungslink gilt nicht (mehr).')).toBeVisible();
  });

  await test.step('the printed link creates the account and signs in', async () => {
    await gotoHydrated(page, link!);
    await expectNoA11yViolations(page);
    await saveScreens(page, testInfo, 'setup-form');
    await page.getByLabel('Ihr Name', { exact: true }).fill('Mo Erste');
    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill('mo.erste@example.org');
    await page.getByLabel('Passwort', { exact: true }).fill('a-long-enough-password');
    await withFullPageLoad(page, () => page.getByRole('button', { name: 'Konto anlegen', exact: true }).click());
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meine Camps');
  });

  await test.step('the link is used up', async () => {
    await gotoHydrated(page, link!);
    await expect(page.getByText('Es gibt bereits ein Moderationskonto.')).toBeVisible();
  });
});

test('without a mail relay, the join mail waits in the outbox on the settings page', async ({ page, openContext }, testInfo) => {
  test.slow();
  const origin = server!.origin;
  await gotoHydrated(page, `${origin}/login`);
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill('mo.erste@example.org');
  await page.getByLabel('Passwort', { exact: true }).fill('a-long-enough-password');
  await withFullPageLoad(page, () => page.getByRole('button', { name: 'Anmelden', exact: true }).click());
  await gotoHydrated(page, `${origin}/camps/new`);
  await page.getByLabel('Name des Camps', { exact: true }).fill('Outbox-Camp');
  await page.getByLabel('Adresse (URL-Kürzel)', { exact: true }).fill('outbox-camp');
  await page.getByRole('button', { name: 'Camp anlegen', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Camp einrichten');
  await page.getByLabel('Erlaubte E-Mail-Domains', { exact: true }).fill('bund.de');
  const general = page.getByRole('region', { name: 'Allgemein', exact: true });
  await general.getByRole('button', { name: 'Speichern', exact: true }).click();
  await expect(general.getByText('Gespeichert.')).toBeVisible();
  const outbox = page.getByRole('region', { name: 'Postausgang', exact: true });
  await expect(outbox.getByText('Noch keine E-Mails.')).toBeVisible();
  const inviteUrl = await page.getByLabel('Einladungslink', { exact: true }).inputValue();

  const { page: phone } = await openContext('phone', { viewport: { width: 360, height: 640 } });
  await gotoHydrated(phone, inviteUrl);
  await phone.getByLabel('Ihr Name', { exact: true }).fill('Alex Muster (BMI)');
  await phone.getByLabel('E-Mail-Adresse', { exact: true }).fill('alex.muster@bund.de');
  await phone.getByRole('button', { name: 'Beitreten', exact: true }).click();
  await expect(phone.getByRole('status').filter({ hasText: 'Bitte sehen Sie in Ihr Postfach' })).toBeVisible();

  // Printed for whoever tries campgrid out on one machine, the address shortened.
  await expect.poll(() => server!.stdout()).toContain('campgrid outbox (no --smtp-url): to a…@bund.de');

  await outbox.getByRole('button', { name: 'Neu laden', exact: true }).click();
  const mail = outbox.getByRole('listitem').filter({ hasText: 'Ihr Link zu Outbox-Camp' });
  await expect(mail).toContainText('An alex.muster@bund.de');
  await mail.locator('summary').click();
  const text = await mail.locator('pre').innerText();
  const link = /http:\/\/\S+\/confirm\?t=[\w-]+/.exec(text)?.[0];
  expect(link, text).toBeTruthy();
  await expectNoA11yViolations(page);
  await outbox.scrollIntoViewIfNeeded();
  await saveScreens(page, testInfo, 'settings-outbox');

  await gotoHydrated(phone, link!);
  await withFullPageLoad(phone, () =>
    phone.getByRole('button', { name: 'Als Alex Muster (BMI) beitreten', exact: true }).click(),
  );
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Outbox-Camp');
});
