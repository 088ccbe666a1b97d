// The API as the benchmarks start it: its own process, on a free port, with the bench's webhook secret.
import { join } from 'node:path';
import { signWebhookPayload } from '@storepay/payments-core/server';
import { emulatorAsStripe, startService, workspaceRoot, type Service } from './processes';

export const WEBHOOK_SECRET = 'whsec_storepay_bench';

/** Starts `apps/api` in `mode`; `worker` has no HTTP server, so it is ready once its metrics listener answers. */
export function startApi(options: {
  mode: 'http' | 'all' | 'worker';
  emulatorPort: number;
  port: number;
  database: { url: string } | { dataDir: string };
  env?: Record<string, string>;
}): Promise<Service> {
  const worker = options.mode === 'worker';
  return startService({
    name: `api (${options.mode})`,
    cwd: join(workspaceRoot, 'apps/api'),
    args: ['src/main.ts'],
    env: {
      ...(worker ? { METRICS_PORT: String(options.port) } : { API_PORT: String(options.port) }),
      API_MODE: options.mode,
      STRIPE_EMULATOR_PORT: String(options.emulatorPort),
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      LOG_LEVEL: 'warn',
      SEED_DEMO_CATALOG: 'false',
      ...('url' in options.database
        ? { DATABASE_URL: options.database.url, DATA_DIR: '', ...emulatorAsStripe(options.emulatorPort) }
        : { DATA_DIR: options.database.dataDir, DATABASE_URL: '' }),
      ...options.env,
    },
    port: options.port,
    readyPath: worker ? '/metrics' : '/ready',
  });
}

/** A signed delivery of `body`, as Stripe sends it (a fresh signature timestamp for each attempt). */
export function signedHeaders(body: string): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'stripe-signature': signWebhookPayload(body, WEBHOOK_SECRET),
  };
}
