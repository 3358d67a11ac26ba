/**
 * What every campgrid spec needs: a `test` that fails on browser console errors, hydration-aware
 * navigation, the axe check, sign-in and unique camp addresses.
 */
import fs from 'node:fs';
import path from 'node:path';

import AxeBuilder from '@axe-core/playwright';
import {
  test as base,
  expect,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
  type Response,
  type TestInfo,
} from '@playwright/test';

import { CONTEXT_DEFAULTS, MOD_EMAIL, MOD_PASSWORD } from './env';

export { expect };

const HYDRATED = 'html[data-hydrated="true"]';
/** Hydration loads and compiles the wasm bundle; on a busy 2-core machine that takes a while. */
const HYDRATION_TIMEOUT = 15_000;

// ---------------------------------------------------------------------------------------------
// Console errors
// ---------------------------------------------------------------------------------------------

/**
 * Chromium reports every 4xx/5xx response, of the document or of a fetch, as a console error
 * ("Failed to load resource: the server responded with a status of 422 ..."). campgrid answers
 * a form with a field message with 422, an unknown page with 404 and so on, so a test that
 * provokes such an answer on purpose declares the status with `allowHttpErrors`. Nothing else
 * is ever ignored.
 */
const HTTP_ERROR = /^Failed to load resource: the server responded with a status of (\d{3})\b/;

export class ConsoleGuard {
  private readonly problems: string[] = [];
  private readonly allowed = new Set<number>();
  private offline = false;

  /** Starts collecting console errors and uncaught exceptions of `page`. */
  watch(page: Page, label: string): void {
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const status = HTTP_ERROR.exec(msg.text())?.[1];
      if (status && this.allowed.has(Number(status))) return;
      if (this.offline && msg.text().includes('net::ERR_INTERNET_DISCONNECTED')) return;
      const where = msg.location().url;
      this.problems.push(`[${label}] console error: ${msg.text()}${where ? ` (at ${where})` : ''}`);
    });
    page.on('pageerror', (err) => {
      this.problems.push(`[${label}] uncaught error: ${err.stack ?? err.message}`);
    });
  }

  /** Lets responses with these statuses pass: for tests that provoke them on purpose. */
  allowHttpErrors(...statuses: number[]): void {
    for (const s of statuses) this.allowed.add(s);
  }

  /** Lets requests fail that a test sends with the network off on purpose (the live channel). */
  allowOffline(): void {
    this.offline = true;
  }

  assertClean(): void {
    expect(this.problems.length, `The browser reported errors:\n${this.problems.join('\n')}`).toBe(0);
  }
}

// ---------------------------------------------------------------------------------------------
// The extended test
// ---------------------------------------------------------------------------------------------

type OpenContext = (
  label: string,
  options?: BrowserContextOptions,
) => Promise<{ context: BrowserContext; page: Page }>;

type Fixtures = {
  /** Watches the default `page` (and pages from `openContext`); fails the test on errors. */
  consoleGuard: ConsoleGuard;
  /**
   * A further browser context (a second person) with the project's defaults, a page in it
   * watched by `consoleGuard`; closed after the test.
   */
  openContext: OpenContext;
};

export const test = base.extend<Fixtures>({
  consoleGuard: [
    async ({ page }, use) => {
      const guard = new ConsoleGuard();
      guard.watch(page, 'page');
      await use(guard);
      guard.assertClean();
    },
    { auto: true },
  ],

  openContext: async ({ browser, consoleGuard }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (label, options = {}) => {
      const context = await browser.newContext({ ...CONTEXT_DEFAULTS, ...options });
      contexts.push(context);
      const page = await context.newPage();
      consoleGuard.watch(page, label);
      return { context, page };
    });
    for (const context of contexts) await context.close();
  },
});

// ---------------------------------------------------------------------------------------------
// Navigation
// ---------------------------------------------------------------------------------------------

/** Waits until the app has hydrated: clicks before that are lost. */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForSelector(HYDRATED, { state: 'attached', timeout: HYDRATION_TIMEOUT });
}

/**
 * Opens `path` (relative to the base URL, or absolute) and waits for hydration. Returns the
 * response, for status checks.
 */
export async function gotoHydrated(page: Page, path: string): Promise<Response | null> {
  const response = await page.goto(path);
  await waitForHydration(page);
  return response;
}

/** Reloads the page and waits for hydration. */
export async function reloadHydrated(page: Page): Promise<void> {
  await page.reload();
  await waitForHydration(page);
}

/**
 * Runs `action`, which must lead to a full page load (not a client-side navigation), and waits
 * until the new document has hydrated. Marks the old document first, so that its
 * `data-hydrated` attribute cannot be mistaken for the new one's.
 */
export async function withFullPageLoad(page: Page, action: () => Promise<unknown>): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __e2eOldDocument?: boolean }).__e2eOldDocument = true;
  });
  await action();
  await page.waitForFunction(
    () =>
      !(window as unknown as { __e2eOldDocument?: boolean }).__e2eOldDocument &&
      document.documentElement.getAttribute('data-hydrated') === 'true',
    undefined,
    { timeout: HYDRATION_TIMEOUT },
  );
}

// ---------------------------------------------------------------------------------------------
// Accessibility
// ---------------------------------------------------------------------------------------------

/** Runs axe (WCAG 2.0/2.1 A and AA) on the page as it is now; fails with a readable list. */
export async function expectNoA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const found = results.violations.map((v) => {
    const targets = v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n');
    return `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n${targets}`;
  });
  expect(found, `axe found ${found.length} violation(s) on ${page.url()}:\n${found.join('\n')}`).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Screenshots for the developers
// ---------------------------------------------------------------------------------------------

export const SCREEN_WIDTHS = [360, 1280] as const;

/**
 * The page itself never scrolls sideways (wide tables scroll inside their own region); on
 * failure, names the elements that stick out.
 */
export async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const wide = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const inScroller = (el: Element) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
      }
      return false;
    };
    return [...document.body.querySelectorAll('*')]
      .filter((el) => el.checkVisibility() && el.getBoundingClientRect().right > width + 0.5 && !inScroller(el))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (${Math.round(el.getBoundingClientRect().right)} px)`);
  });
  expect(wide, `${where}: the page scrolls sideways`).toEqual([]);
}

/**
 * Saves full-page screenshots of the page as it is now at each width in SCREEN_WIDTHS, as
 * test-results/screens/<name>-<width>.png, then restores the viewport.
 */
export async function saveScreens(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const original = page.viewportSize();
  for (const width of SCREEN_WIDTHS) {
    await page.setViewportSize({ width, height: width < 600 ? 640 : 800 });
    await expectNoSidewaysScroll(page, `${name} at ${width} px`);
    await page.screenshot({
      path: path.join(testInfo.project.outputDir, 'screens', `${name}-${width}.png`),
      fullPage: true,
    });
  }
  if (original) await page.setViewportSize(original);
}

// ---------------------------------------------------------------------------------------------
// The app
// ---------------------------------------------------------------------------------------------

/** Opens the board's folded pitch form ("Session vorschlagen") unless it is open already. */
export async function openPitchForm(page: Page): Promise<void> {
  const form = page.locator('details#pitch');
  if (!(await form.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await form.locator('> summary').click();
  }
  await expect(page.getByLabel('Titel', { exact: true })).toBeVisible();
}

/** A fresh camp address: 3–40 lower-case letters, digits and hyphens. */
export function uniqueSlug(prefix = 'e2e'): string {
  const random = Math.random().toString(36).slice(2, 6).padEnd(4, '0');
  return `${prefix}-${Date.now().toString(36)}-${random}`;
}

/** The moderator signs in on /login and lands on "Meine Camps" (a full page load). */
export async function login(page: Page, email = MOD_EMAIL, password = MOD_PASSWORD): Promise<void> {
  await gotoHydrated(page, '/login');
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await withFullPageLoad(page, () => page.getByRole('button', { name: 'Anmelden', exact: true }).click());
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meine Camps');
}

/** A signed-in moderator creates a camp on /camps/new and lands on its settings page. */
export async function createCamp(page: Page, name: string, slug: string): Promise<void> {
  await gotoHydrated(page, '/camps/new');
  await page.getByLabel('Name des Camps', { exact: true }).fill(name);
  await page.getByLabel('Adresse (URL-Kürzel)', { exact: true }).fill(slug);
  await page.getByRole('button', { name: 'Camp anlegen', exact: true }).click();
  await expect(page).toHaveURL(settingsUrl(slug));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Camp einrichten');
}

/** Matches the URL of a camp page (`/c/{slug}`), ignoring a query. */
export function campUrl(slug: string): RegExp {
  return new RegExp(`/c/${slug}(\\?.*)?$`);
}

/** Matches the URL of a camp's settings page. */
export function settingsUrl(slug: string): RegExp {
  return new RegExp(`/c/${slug}/settings(\\?.*)?$`);
}

/** Escapes a string for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------
// Mail: the real SMTP server .ci/e2e.sh starts writes each mail as JSON into a directory
// ---------------------------------------------------------------------------------------------

const MAILDIR = process.env.CAMPGRID_E2E_MAILDIR;

export type Mail = { to: string; subject: string; text: string | null; html: string | null };

/** The mails to `to` the SMTP server received, oldest first; waits for the `count`-th. */
export async function mailsTo(to: string, count: number): Promise<Mail[]> {
  if (!MAILDIR) throw new Error('CAMPGRID_E2E_MAILDIR is not set: run the specs with .ci/e2e.sh');
  let mails: Mail[] = [];
  await expect
    .poll(() => {
      mails = fs
        .readdirSync(MAILDIR)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => JSON.parse(fs.readFileSync(path.join(MAILDIR, f), 'utf8')) as Mail)
        .filter((m) => m.to === to);
      return mails.length;
    })
    .toBe(count);
  return mails;
}
