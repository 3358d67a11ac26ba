/**
 * The core flow with the keyboard alone: Tab, typing, Enter and Space. No `.click()`, no
 * `.fill()`; locators are only used to read what the page shows.
 */
import type { Browser, Locator, Page } from '@playwright/test';

import { BASE_URL, CONTEXT_DEFAULTS, MOD_EMAIL, MOD_PASSWORD, PHONE_VIEWPORT } from './env';
import {
  campUrl,
  escapeRegExp,
  expect,
  gotoHydrated,
  settingsUrl,
  test,
  uniqueSlug,
  withFullPageLoad,
} from './fixtures';

// ---------------------------------------------------------------------------------------------
// Keyboard helpers
// ---------------------------------------------------------------------------------------------

/** Describes the focused element for error messages. */
async function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const id = el.id ? `#${el.id}` : '';
    const text = (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 30);
    return `${el.tagName.toLowerCase()}${id}${text ? ` "${text}"` : ''}`;
  });
}

/**
 * Presses Tab until the focused element is `target` (a CSS selector or a locator); fails with
 * the path taken if it is not reached within `maxTabs` presses. Returns at once if `target` has
 * the focus already. Date and time inputs take several presses (one per part), which is fine:
 * the focused element is the input for all of them.
 */
async function tabTo(page: Page, target: string | Locator, maxTabs = 60): Promise<void> {
  const locator = typeof target === 'string' ? page.locator(target) : target;
  const isFocused = () =>
    locator.evaluateAll((els) => els.some((el) => el === document.activeElement));
  const path: string[] = [];
  for (let i = 0; i <= maxTabs; i++) {
    if (await isFocused()) return;
    if (i === maxTabs) break;
    await page.keyboard.press('Tab');
    path.push(await describeFocus(page));
  }
  throw new Error(`Tab did not reach ${String(target)} in ${maxTabs} presses; went: ${path.join(' → ')}`);
}

/** The focused element must show a focus indicator (an outline or a box shadow). */
async function expectVisibleFocus(page: Page): Promise<void> {
  const style = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const cs = getComputedStyle(el);
    return {
      element: `${el.tagName.toLowerCase()} "${(el.textContent || '').trim()}"`,
      outlineStyle: cs.outlineStyle,
      outlineWidth: parseFloat(cs.outlineWidth) || 0,
      boxShadow: cs.boxShadow,
    };
  });
  const hasOutline = style.outlineStyle !== 'none' && style.outlineWidth > 0;
  const hasShadow = style.boxShadow !== 'none';
  expect(hasOutline || hasShadow, `no visible focus indicator on ${JSON.stringify(style)}`).toBe(true);
}

/**
 * How Chromium lays out the parts of date and time inputs. It follows the browser's own UI
 * language (Debian's chromium without chromium-l10n: always en-US, i.e. MM/DD/YYYY and a
 * 12-hour clock), not the page's locale, so the test finds out instead of assuming.
 */
type InputLayout = {
  date: (year: string, month: string, day: string) => string;
  hour12: boolean;
};

const DATE_ORDERS: InputLayout['date'][] = [
  (y, m, d) => `${m}${d}${y}`,
  (y, m, d) => `${d}${m}${y}`,
  (y, m, d) => `${y}-${m}-${d}`,
];

async function probeInputLayout(browser: Browser): Promise<InputLayout> {
  const context = await browser.newContext(CONTEXT_DEFAULTS);
  try {
    const page = await context.newPage();
    // Each input comes right after a text input, from which one Tab enters its first part.
    await page.setContent(
      '<input id="before-d"><input id="d" type="date"><input id="before-t"><input id="t" type="time">',
    );
    const typeInto = async (id: string, keys: string) => {
      await page.evaluate((id) => {
        (document.getElementById(id) as HTMLInputElement).value = '';
        (document.getElementById(`before-${id}`) as HTMLInputElement).focus();
      }, id);
      await page.keyboard.press('Tab');
      await page.keyboard.type(keys);
      return page.inputValue(`#${id}`);
    };
    const date = await (async () => {
      for (const order of DATE_ORDERS) {
        if ((await typeInto('d', order('2026', '03', '10'))) === '2026-03-10') return order;
      }
      throw new Error('could not work out how to type into a date input');
    })();
    // A morning time: a 12-hour input stays empty until AM/PM is given too. (An afternoon
    // time would not tell: Chromium's 12-hour input takes "14" as 2 PM.)
    let hour12: boolean;
    if ((await typeInto('t', '0930')) === '09:30') hour12 = false;
    else if ((await typeInto('t', '0930A')) === '09:30') hour12 = true;
    else throw new Error('could not work out how to type into a time input');
    return { date, hour12 };
  } finally {
    await context.close();
  }
}

/** Types an ISO date (YYYY-MM-DD) into the focused date input. */
async function typeDate(page: Page, layout: InputLayout, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-');
  await page.keyboard.type(layout.date(year, month, day));
}

/** Types a 24-hour time (HH:MM) into the focused time input. */
async function typeTime(page: Page, layout: InputLayout, time: string): Promise<void> {
  const [hh, mm] = time.split(':');
  if (!layout.hour12) {
    await page.keyboard.type(`${hh}${mm}`);
    return;
  }
  const hour = Number(hh);
  const h12 = String(((hour + 11) % 12) + 1).padStart(2, '0');
  await page.keyboard.type(`${h12}${mm}${hour < 12 ? 'A' : 'P'}`);
}

// ---------------------------------------------------------------------------------------------
// The flow
// ---------------------------------------------------------------------------------------------

let layout: InputLayout;

test.beforeAll(async ({ browser }) => {
  layout = await probeInputLayout(browser);
});

test('the core flow works with the keyboard alone', async ({ page, openContext }) => {
  // Every Tab press is a round trip to the browser: three times the default timeout.
  test.slow();
  const slug = uniqueSlug('e2e-kb');
  const campName = `Tastatur-Camp ${slug}`;
  const participant = 'Kim Tastatur';
  const h1 = (p: Page) => p.getByRole('heading', { level: 1 });
  const button = (p: Page, name: string) => p.getByRole('button', { name, exact: true });

  await test.step('sign in', async () => {
    await gotoHydrated(page, '/login');
    await tabTo(page, '#login-email');
    await page.keyboard.type(MOD_EMAIL);
    await tabTo(page, '#login-password');
    await page.keyboard.type(MOD_PASSWORD);
    await tabTo(page, button(page, 'Anmelden'));
    await expectVisibleFocus(page);
    await withFullPageLoad(page, () => page.keyboard.press('Enter'));
    await expect(h1(page)).toHaveText('Meine Camps');
  });

  await test.step('create a camp', async () => {
    await tabTo(page, page.getByRole('banner').getByRole('link', { name: 'Neues Camp' }));
    await expectVisibleFocus(page);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(`${BASE_URL}/camps/new`);
    await expect(h1(page)).toHaveText('Neues Camp');

    await tabTo(page, '#camp-name');
    await page.keyboard.type(campName);
    await tabTo(page, '#camp-slug');
    await page.keyboard.type(slug);
    await tabTo(page, button(page, 'Camp anlegen'));
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(settingsUrl(slug));
    await expect(h1(page)).toHaveText('Camp einrichten');
  });

  let inviteUrl = '';
  // The invitation is the first section of the settings: a moderator's first errand.
  await test.step('copy the invite link', async () => {
    await expect(page.locator('#invite-link')).toHaveValue(
      new RegExp(`^${escapeRegExp(BASE_URL)}/c/${slug}/join\\?t=[^&\\s]+$`),
    );
    inviteUrl = await page.inputValue('#invite-link');
    await tabTo(page, button(page, 'Kopieren'));
    await expectVisibleFocus(page);
    await page.keyboard.press('Space');
    await expect(page.getByRole('status').filter({ hasText: 'Einladungslink kopiert.' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(inviteUrl);
  });

  await test.step('add a slot', async () => {
    await tabTo(page, '#slot-day');
    await typeDate(page, layout, '2026-03-10');
    await tabTo(page, '#slot-starts');
    await typeTime(page, layout, '09:00');
    await tabTo(page, '#slot-ends');
    await typeTime(page, layout, '09:45');
    // Reading back what was typed makes a keyboard layout problem obvious here, not later.
    await expect(page.locator('#slot-day')).toHaveValue('2026-03-10');
    await expect(page.locator('#slot-starts')).toHaveValue('09:00');
    await expect(page.locator('#slot-ends')).toHaveValue('09:45');
    await tabTo(page, button(page, 'Zeitslot hinzufügen'));
    await expectVisibleFocus(page);
    await page.keyboard.press('Enter');
    const days = page.getByRole('region', { name: 'Tage und Zeitslots' });
    await expect(days.getByText('09:00–09:45', { exact: true })).toBeVisible();
    // The page updates in place: the keyboard user stays where they were.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe('Zeitslot hinzufügen');
  });

  await test.step('add a room', async () => {
    await tabTo(page, '#room-name');
    await page.keyboard.type('Raum Hopper');
    await tabTo(page, '#room-url');
    await page.keyboard.type('https://meet.example.org/hopper');
    await tabTo(page, '#room-capacity');
    await page.keyboard.type('30');
    await tabTo(page, button(page, 'Raum hinzufügen'));
    await page.keyboard.press('Enter');
    const rooms = page.getByRole('region', { name: 'Räume', exact: true });
    await expect(rooms.getByRole('listitem').filter({ hasText: 'Raum Hopper' })).toContainText('30 Plätze');
  });

  await test.step('a participant joins on a phone, by keyboard', async () => {
    const { page: phone } = await openContext('participant', { viewport: PHONE_VIEWPORT });
    await gotoHydrated(phone, inviteUrl);
    await expect(h1(phone)).toHaveText(`Camp beitreten: ${campName}`);
    await tabTo(phone, '#join-name');
    await phone.keyboard.type(participant);
    await tabTo(phone, button(phone, 'Beitreten'));
    await expectVisibleFocus(phone);
    await withFullPageLoad(phone, () => phone.keyboard.press('Enter'));

    await expect(phone).toHaveURL(campUrl(slug));
    await expect(h1(phone)).toHaveText(campName);
    await expect(phone.getByText('09:00–09:45', { exact: true })).toBeVisible();
    await expect(phone.getByText('Raum Hopper', { exact: true })).toBeVisible();

    await test.step('the participant pitches a session by keyboard', async () => {
      await tabTo(phone, '#pitch > summary');
      await phone.keyboard.press('Enter');
      await tabTo(phone, '#pitch-title');
      await phone.keyboard.type('Tastatur first');
      await tabTo(phone, '#pitch-description');
      await phone.keyboard.type('Alles ohne Maus.');
      await tabTo(phone, button(phone, 'Vorschlagen'));
      await expectVisibleFocus(phone);
      await phone.keyboard.press('Enter');
      await expect(phone.getByRole('listitem').filter({ hasText: 'Tastatur first' })).toContainText('Ihre Session');
    });
  });

  await test.step('the moderator marks interest and opens the session by keyboard', async () => {
    await gotoHydrated(page, `/c/${slug}`);
    const card = page.getByRole('listitem').filter({ hasText: 'Tastatur first' });
    const vote = card.getByRole('button', { name: /^Interesse/ });
    await tabTo(page, vote, 80);
    await expectVisibleFocus(page);
    await page.keyboard.press('Space');
    await expect(vote).toHaveAttribute('aria-pressed', 'true');
    await expect(card).toContainText('1 Person interessiert');
    await tabTo(page, card.getByRole('link', { name: 'Tastatur first' }), 80);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/c/${slug}/s/[0-9a-f-]{36}$`));
    await expect(h1(page)).toHaveText('Tastatur first');
  });
});
