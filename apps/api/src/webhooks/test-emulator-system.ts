// The API against the Stripe emulator for end-to-end tests: a fresh database with the demo catalog, an emulator on
// a free port, the API listening on another (so the emulator's signed webhooks reach it), and stripe-node pointed at
// the emulator. Test-only: nothing in production imports it.
import { seedCatalog } from '@storepay/db';
import { createTestDatabase, type TestDatabase } from '@storepay/db/testing';
import { startEmulator, type RunningEmulator } from '@storepay/stripe-emulator';
import Stripe from 'stripe';
import { buildApp, type App } from '../app';
import { loadConfig } from '../config';
import { freePort, waitFor } from '../test-support';

export interface EmulatorSystem {
  db: TestDatabase;
  emulator: RunningEmulator;
  app: App;
  /** stripe-node with the API's own key, against the emulator. */
  stripe: Stripe;
  close(): Promise<void>;
}

export async function startEmulatorSystem(
  name: Parameters<typeof createTestDatabase>[0],
  { env = {}, timeFactor }: { env?: Record<string, string>; timeFactor?: number } = {},
): Promise<EmulatorSystem> {
  const db = await createTestDatabase(name);
  await seedCatalog(db);
  const [apiPort, emulatorPort] = await Promise.all([freePort(), freePort()]);
  const emulator = await startEmulator({ port: emulatorPort, ...(timeFactor ? { timeFactor } : {}) });
  const config = loadConfig({
    SEED_DEMO_CATALOG: 'false',
    API_HOST: '127.0.0.1',
    API_PORT: String(apiPort),
    STRIPE_API_BASE: emulator.url,
    STRIPE_WEBHOOK_SECRET: 'whsec_end_to_end',
    ...env,
  });
  const stripe = new Stripe(config.stripe.secretKey, { host: '127.0.0.1', port: emulator.port, protocol: 'http' });
  const app = await buildApp({ config, database: db, logger: false });
  await app.listen({ host: config.host, port: config.port });
  // Demo mode registers the API's webhook endpoint with the emulator in the background.
  await waitFor('the webhook endpoint', async () => {
    const { data } = (await (await fetch(`${emulator.url}/_emulator/webhook-endpoints`)).json()) as {
      data: { url: string }[];
    };
    return data.some((endpoint) => endpoint.url === `http://127.0.0.1:${apiPort}/webhooks/stripe`);
  });
  return {
    db,
    emulator,
    app,
    stripe,
    async close() {
      await app.close();
      await emulator.close();
      await db.destroy();
    },
  };
}
