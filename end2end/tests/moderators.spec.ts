/**
 * A team runs a camp (issue 12, defects 2 and 6): a moderator makes a member a co-moderator from
 * the members list, who can then use the settings; the list shows roles and can be searched,
 * also as a plain GET form; removing a member and a new invite link ask first, in a modal
 * dialog that is used here with the keyboard alone.
 */
import type { Locator, Page } from '@playwright/test';

import { PHONE_VIEWPORT } from './env';
import {
  campUrl,
  createCamp,
  expect,
  expectNoA11yViolations,
  gotoHydrated,
  login,
  reloadHydrated,
  settingsUrl,
  test,
  uniqueSlug,
  withFullPageLoad,
} from './fixtures';

const ANNA = 'Anna Muster (BMI)';
const KIM = 'Kim Beispiel';

const MSG = {
  roleChanged: 'Die Rolle wurde geändert.',
  removed: 'Die Person wurde aus dem Camp entfernt.',
  removeText:
    'Die Person verliert sofort den Zugang zum Camp, ihre Interessensbekundungen zählen nicht mehr. Unter „Entfernte Personen“ können Sie das rückgängig machen.',
  regenerateTitle: 'Neuen Einladungslink erzeugen?',
  canRejoin:
    'Wer den Einladungslink noch hat, kann als neue Person wieder beitreten (mit anderem Namen oder anderer Adresse). Wurde der Link weitergegeben, erzeugen Sie einen neuen.',
  regenerated: 'Der neue Einladungslink gilt ab sofort; der alte funktioniert nicht mehr.',
};

const members = (page: Page) => page.getByRole('region', { name: 'Teilnehmende', exact: true });
const rowOf = (page: Page, name: string) => members(page).getByRole('listitem').filter({ hasText: name });
/** The row's one menu: a <details> disclosure, named "Aktionen für …" for screen readers. */
const menuOf = (page: Page, name: string) => rowOf(page, name).locator('summary');
const badges = (row: Locator) => row.locator('.badge');

test.use({ viewport: { width: 1280, height: 800 } });

test('moderators share a camp; removal and a new link ask first', async ({ page, openContext, consoleGuard }) => {
  test.slow();
  const slug = uniqueSlug('e2e-team');
  const campName = `Team-Camp ${slug}`;

  await login(page);
  await createCamp(page, campName, slug);
  const invite = page.getByLabel('Einladungslink', { exact: true });
  await expect(invite).toHaveValue(/^https?:\/\/.*\/join\?t=/);
  const inviteUrl = await invite.inputValue();

  /** Someone joins on a phone; returns their page, on the camp. */
  const join = async (name: string) => {
    const { page: phone } = await openContext(name, { viewport: PHONE_VIEWPORT });
    await gotoHydrated(phone, inviteUrl);
    await phone.getByLabel('Ihr Name', { exact: true }).fill(name);
    await withFullPageLoad(phone, () => phone.getByRole('button', { name: 'Beitreten', exact: true }).click());
    await expect(phone).toHaveURL(campUrl(slug));
    return phone;
  };
  const anna = await join(ANNA);
  const kim = await join(KIM);

  await test.step('the members list shows roles, one menu per row, none for oneself', async () => {
    await reloadHydrated(page);
    await expect(badges(rowOf(page, ANNA))).toHaveText(['Teilnehmend']);
    await expect(badges(rowOf(page, KIM))).toHaveText(['Teilnehmend']);
    const me = members(page)
      .getByRole('listitem')
      .filter({ has: page.locator('.badge', { hasText: /^Sie$/ }) });
    await expect(badges(me)).toHaveText(['Moderation', 'Sie']);
    await expect(me.locator('summary')).toHaveCount(0);
    await expect(menuOf(page, ANNA)).toHaveAccessibleName(`Aktionen für ${ANNA}`);
    // Quiet: no action is visible until its row's menu is opened.
    await expect(members(page).getByRole('button', { name: 'Entfernen' })).toHaveCount(0);
    await expectNoA11yViolations(page);
  });

  await test.step('the search filters by name, live and as a plain GET form', async () => {
    const search = page.getByLabel('Name oder E-Mail-Adresse', { exact: true });
    await search.fill('kim');
    await expect(rowOf(page, KIM)).toBeVisible();
    await expect(rowOf(page, ANNA)).toBeHidden();
    await expect(members(page).getByText('1 von 3 Personen angezeigt')).toBeVisible();
    await search.fill('');
    await expect(rowOf(page, ANNA)).toBeVisible();

    // Server-rendered: the address carries the search.
    await gotoHydrated(page, `/c/${slug}/settings?q=muster`);
    await expect(page.getByLabel('Name oder E-Mail-Adresse', { exact: true })).toHaveValue('muster');
    await expect(rowOf(page, ANNA)).toBeVisible();
    await expect(rowOf(page, KIM)).toBeHidden();
    await page.getByLabel('Name oder E-Mail-Adresse', { exact: true }).fill('');
    await expect(rowOf(page, KIM)).toBeVisible();
  });

  await test.step('the moderator makes Anna a co-moderator with the keyboard', async () => {
    await menuOf(page, ANNA).focus();
    await page.keyboard.press('Enter');
    const promote = rowOf(page, ANNA).getByRole('button', { name: 'Zur Moderation machen', exact: true });
    await expect(promote).toBeVisible();
    await expectNoA11yViolations(page);
    await page.keyboard.press('Tab');
    await expect(promote).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(members(page).getByText(MSG.roleChanged)).toBeVisible();
    await expect(badges(rowOf(page, ANNA))).toHaveText(['Moderation']);
    // The list was drawn anew; the focus is back on Anna's menu, not lost.
    await expect(menuOf(page, ANNA)).toBeFocused();
  });

  await test.step('Anna can now use the settings and sees the team', async () => {
    await gotoHydrated(anna, `/c/${slug}/settings`);
    await expect(anna).toHaveURL(settingsUrl(slug));
    await expect(anna.getByRole('heading', { level: 1 })).toHaveText('Camp einrichten');
    await expect(badges(rowOf(anna, ANNA))).toHaveText(['Moderation', 'Sie']);
    await expect(badges(rowOf(anna, KIM))).toHaveText(['Teilnehmend']);
    await expect(menuOf(anna, KIM)).toHaveCount(1);
    await expectNoA11yViolations(anna);
  });

  await test.step('removing Kim asks first; Escape cancels and the focus returns', async () => {
    await menuOf(page, KIM).focus();
    await page.keyboard.press('Enter');
    const remove = rowOf(page, KIM).getByRole('button', { name: 'Entfernen', exact: true });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(remove).toBeFocused();
    await page.keyboard.press('Enter');

    const dialog = page.getByRole('dialog', { name: `${KIM} aus dem Camp entfernen?` });
    await expect(dialog).toBeVisible();
    await expect(dialog).toHaveAccessibleDescription(MSG.removeText);
    // The safe choice has the focus.
    await expect(dialog.getByRole('button', { name: 'Abbrechen', exact: true })).toBeFocused();
    await expectNoA11yViolations(page);

    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(remove).toBeFocused();
    await expect(rowOf(page, KIM)).toBeVisible();
  });

  await test.step('confirming with the keyboard removes Kim', async () => {
    // Kim's open page then loads anew and is refused (403), on purpose.
    consoleGuard.allowHttpErrors(403);
    const remove = rowOf(page, KIM).getByRole('button', { name: 'Entfernen', exact: true });
    await expect(remove).toBeFocused();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `${KIM} aus dem Camp entfernen?` });
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Entfernen', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(members(page).getByText(MSG.removed)).toBeVisible();
    await expect(rowOf(page, KIM)).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 2, name: 'Teilnehmende', exact: true })).toBeFocused();
    // Only a new link keeps Kim from joining again as someone new.
    await expect(members(page).getByText(MSG.canRejoin)).toBeVisible();
  });

  await test.step("Kim's open page loses access within a second", async () => {
    await expect(kim.getByRole('heading', { level: 1 })).toHaveText('Dafür fehlt Ihnen die Berechtigung.', {
      timeout: 1_000,
    });
  });

  await test.step('a new invite link asks first', async () => {
    const region = page.getByRole('region', { name: 'Einladung', exact: true });
    // The trigger, not the dialog's button of the same name.
    const trigger = region.locator('button[aria-haspopup="dialog"]');
    await expect(trigger).toHaveText('Neuen Link erzeugen');
    const oldLink = await invite.inputValue();

    await trigger.click();
    const dialog = page.getByRole('dialog', { name: MSG.regenerateTitle });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Abbrechen', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(trigger).toBeFocused();
    await expect(invite).toHaveValue(oldLink);

    await page.keyboard.press('Enter');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Neuen Link erzeugen', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(region.getByText(MSG.regenerated)).toBeVisible();
    await expect(invite).not.toHaveValue(oldLink);
    await expect(invite).toHaveValue(/^https?:\/\/.*\/join\?t=/);
    await expectNoA11yViolations(page);
  });

  await test.step('the removal is undone from the folded list of removed people', async () => {
    const removed = page.getByRole('region', { name: 'Entfernte Personen (1)', exact: true });
    await expectNoA11yViolations(page);
    // The visible words, then (for screen readers) whom.
    const restore = removed.getByRole('button', { name: /^Wieder aufnehmen/ });
    await expect(restore).toHaveAccessibleName(new RegExp(`^Wieder aufnehmen\\W*${KIM}$`));
    await restore.click();
    await expect(rowOf(page, KIM)).toBeVisible();
    await expect(page.getByRole('region', { name: /^Entfernte Personen/ })).toHaveCount(0);
    await gotoHydrated(kim, `/c/${slug}`);
    await expect(kim.getByRole('heading', { level: 1 })).toHaveText(campName);
  });
});
