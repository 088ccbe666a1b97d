// The production topology's suites (src/prod): `npm run start:prod` on its own ports, database and data folder,
// driven through its TLS proxy by Chromium and by a load generator. One worker: the suites kill and restart the
// topology's processes, which every test shares.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';
import { PROD, PROD_ADMIN, prodDatabaseUrl, shop } from './src/prod/topology';

// A fresh topology each run (the config is read again in each test worker: only the runner starts over).
if (!process.env.TEST_WORKER_INDEX) {
  rmSync(PROD.dataDir, { recursive: true, force: true });
  const database = new URL(prodDatabaseUrl());
  const name = database.pathname.slice(1);
  database.pathname = '/postgres';
  const dropped = spawnSync('psql', [database.toString(), '-qc', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`], {
    stdio: 'inherit',
  });
  if (dropped.status !== 0) throw new Error(`could not drop the database ${name} (is PostgreSQL running?)`);
}

export default defineConfig({
  testDir: './src/prod',
  timeout: 180_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  outputDir: 'test-results/prod',
  use: {
    baseURL: shop,
    // The proxy's certificate comes from a CA made on the first run, which this Chromium does not know. Node clients
    // in these suites trust exactly that CA and check the certificate (see topology.ts and tls.spec.ts).
    ignoreHTTPSErrors: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  webServer: {
    command: 'node ../scripts/start-prod.mjs --no-build',
    cwd: import.meta.dirname,
    env: {
      HTTPS_PORT: String(PROD.httpsPort),
      HTTP_PORT: String(PROD.httpPort),
      API_PORT: String(PROD.apiPort),
      STRIPE_EMULATOR_PORT: String(PROD.stripePort),
      METRICS_PORT: String(PROD.metricsPort),
      PROD_DATA_DIR: PROD.dataDir,
      DATABASE_URL: prodDatabaseUrl(),
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      ADMIN_EMAIL: PROD_ADMIN.email,
      ADMIN_PASSWORD: PROD_ADMIN.password,
      // The load comes from one address (127.0.0.1): the abuse limits have their own tests.
      RATE_LIMITS:
        'checkout_ip=1000000/60,checkout_email=1000/60,order_read_ip=1000000/60,sign_in_ip=1000/60,sign_in_account=1000/60',
      // Two cores run everything here: request logging would compete with the load (warnings still show).
      LOG_LEVEL: 'warn',
      FORCE_COLOR: '0',
    },
    wait: { stdout: /production topology is running/ },
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30_000 },
  },
});
