import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';
import { E2E_WEBHOOK_SECRET, ports } from './ports';

const dataDir = join(tmpdir(), 'storepay-e2e');

export default defineConfig({
  testDir: './src',
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
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    {
      name: 'storefront',
      testMatch: /storefront\/.*\.spec\.ts/,
      use: { baseURL: `http://127.0.0.1:${ports.storefront}` },
    },
    { name: 'admin', testMatch: /admin\/.*\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${ports.admin}` } },
  ],
  // The whole system exactly as `npm start` runs it, on a fresh embedded database.
  webServer: {
    command: `node -e "require('node:fs').rmSync(process.argv[1], {recursive: true, force: true})" ${dataDir} && node ../scripts/start.mjs`,
    cwd: import.meta.dirname,
    env: {
      API_PORT: String(ports.api),
      STOREFRONT_PORT: String(ports.storefront),
      ADMIN_PORT: String(ports.admin),
      STRIPE_EMULATOR_PORT: String(ports.stripe),
      MAIL_CATCHER_SMTP_PORT: String(ports.mailSmtp),
      MAIL_CATCHER_WEB_PORT: String(ports.mailWeb),
      DATA_DIR: dataDir,
      // The admin suites sign webhook deliveries of their own (a seeded scenario) with the secret the API registers.
      STRIPE_WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
      // A failing event is dead at once, so the suites can see and replay dead events without waiting for backoff.
      WEBHOOK_MAX_ATTEMPTS: '1',
      // Every suite checks out, polls orders and signs staff in from one address (127.0.0.1): the abuse limits have
      // their own tests.
      RATE_LIMITS:
        'checkout_ip=10000/60,checkout_email=10000/60,order_read_ip=100000/60,sign_in_ip=1000/60,sign_in_account=1000/60',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
      FORCE_COLOR: '0',
    },
    wait: { stdout: /storepay is running/ },
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
