import { defineConfig } from '@playwright/test';

import { CHROMIUM, CONTEXT_DEFAULTS } from './tests/env';

/**
 * Run by `.ci/e2e.sh` against a fresh release server with an empty database:
 *   cd end2end && npx --no-install playwright test
 * Never `npx playwright install`: the browser is Debian's Chromium (see tests/env.ts).
 */
export default defineConfig({
  testDir: './tests',
  outputDir: 'test-results',
  // One server, one SQLite database, a 2-core machine: run the specs one after the other.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    ...CONTEXT_DEFAULTS,
    browserName: 'chromium',
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        // Without these Chromium keeps trying to reach Google on a network that has no way
        // out, which only adds noise and delays.
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
});
