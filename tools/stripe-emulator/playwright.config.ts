import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { PAGE_URL } from './src/stripe-js/e2e/ports';

// Debian's Chromium where it exists (CI, offline machines); Playwright's own browser elsewhere.
const executablePath =
  process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** The Stripe.js stand-in driven through @stripe/react-stripe-js in a real browser: `npx nx run stripe-emulator:e2e`. */
export default defineConfig({
  testDir: './src/stripe-js/e2e',
  testMatch: /.*\.spec\.ts/,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  // No retries: a test that passes only on a second try is a failure to look at, not to hide.
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: PAGE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: 'node --import tsx src/stripe-js/e2e/serve.ts',
    cwd: import.meta.dirname,
    url: `${PAGE_URL}/health`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
});
