/**
 * Settings shared by playwright.config.ts and the specs. `.ci/e2e.sh` passes the server's
 * address and the moderator account it created; the defaults match that script.
 */
import type { BrowserContextOptions } from '@playwright/test';

/** Where the campgrid server under test listens (no trailing slash). */
export const BASE_URL = (process.env.CAMPGRID_BASE_URL || 'http://127.0.0.1:3137').replace(/\/+$/, '');

/** The moderator account that `.ci/e2e.sh` creates before the run. */
export const MOD_EMAIL = process.env.CAMPGRID_MOD_EMAIL || 'mod@example.org';
/** A second moderator account, which accounts.spec.ts changes (TOTP). */
export const MOD2_EMAIL = process.env.CAMPGRID_MOD2_EMAIL || 'mod2@example.org';
export const MOD_PASSWORD = process.env.CAMPGRID_MOD_PASSWORD || 'e2e-moderator-Passw0rd-long-enough';

/** Debian's Chromium; Playwright's own browser downloads do not work on these machines. */
export const CHROMIUM = process.env.CAMPGRID_CHROMIUM || '/usr/bin/chromium';

/**
 * Options for every browser context, the default `page` fixture's and the extra ones the specs
 * open. `browser.newContext()` does not apply the config's `use` block, so the specs spread
 * these in themselves (see `openContext` in fixtures.ts).
 *
 * The locale matters: the app picks its language from Accept-Language, and Chromium here would
 * otherwise send en-US. campgrid's audience (and its default) is German.
 */
export const CONTEXT_DEFAULTS: BrowserContextOptions = {
  baseURL: BASE_URL,
  locale: 'de-DE',
  timezoneId: 'Europe/Berlin',
  viewport: { width: 1280, height: 800 },
  // "Kopieren" writes the invite link to the clipboard; without the permission Chromium rejects
  // the write with an uncaught error, which the console check would (rightly) report.
  permissions: ['clipboard-read', 'clipboard-write'],
};

/** A phone-sized window for the participant. */
export const PHONE_VIEWPORT = { width: 360, height: 640 };
