// What every chaos scenario runs against: a PostgreSQL database of its own (created for the run, dropped after),
// the Stripe emulator in its own process, and the API in the production layout, all on free ports of this machine.
import pg from 'pg';
import { openDatabase, type Database } from '@storepay/db';
import { startApi } from '../api-process';
import { freePort, type Service } from '../processes';

export { startEmulator } from '../processes';

export const CHAOS_ADMIN = { email: 'chaos-admin@example.com', password: 'chaos-admin-password-1' };

/** What a scenario reports: the load it held, the faults it injected, and what it lost or did twice (both must be 0). */
export interface ChaosReport {
  scenario: string;
  load: string;
  faults: string;
  lost: number;
  duplicates: number;
  /** Other checks that must hold; each failed one is named. */
  failures: string[];
  notes: string[];
  seconds: number;
}

export function passed(report: ChaosReport): boolean {
  return report.lost === 0 && report.duplicates === 0 && report.failures.length === 0;
}

export interface ChaosDatabase {
  url: string;
  db: Database;
  drop(): Promise<void>;
}

/** A fresh, migrated database beside CHAOS_DATABASE_URL's (default: the local server's `postgres`). */
export async function createChaosDatabase(runId: string, name: string): Promise<ChaosDatabase> {
  const base = process.env.CHAOS_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
  const database = `storepay_chaos_${runId}_${name.replaceAll('-', '_')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${database}`;
  const db = await openDatabase({ url: url.toString(), migrate: true, poolSize: 4 });
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: base });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** The production layout: `httpProcesses` API_MODE=http processes and one worker process, on one database. */
export async function startSystem(options: {
  databaseUrl: string;
  emulatorPort: number;
  env?: Record<string, string>;
  httpProcesses?: number;
}): Promise<{ http: Service[]; worker: Service; stop(): Promise<void> }> {
  const env = {
    SEED_DEMO_CATALOG: 'true',
    // No webhook secret of our own: each HTTP process registers its endpoint with the emulator, which then delivers
    // the events of payments and refunds (faults apply to the API's calls to Stripe, never to Stripe's webhooks).
    STRIPE_WEBHOOK_SECRET: '',
    ADMIN_EMAIL: CHAOS_ADMIN.email,
    ADMIN_PASSWORD: CHAOS_ADMIN.password,
    // The load comes from one address: the abuse limits have their own scenario.
    RATE_LIMITS:
      'checkout_ip=100000000/60,checkout_email=100000000/60,order_read_ip=100000000/60,sign_in_ip=100000/60,sign_in_account=100000/60',
    ...options.env,
  };
  const database = { url: options.databaseUrl };
  const http: Service[] = [];
  const started: Service[] = [];
  try {
    for (let i = 0; i < (options.httpProcesses ?? 1); i++) {
      const port = await freePort();
      const service = await startApi({ mode: 'http', emulatorPort: options.emulatorPort, port, database, env });
      http.push(service);
      started.push(service);
    }
    const worker = await startApi({
      mode: 'worker',
      emulatorPort: options.emulatorPort,
      port: await freePort(),
      database,
      env,
    });
    started.push(worker);
    return { http, worker, stop: async () => void (await Promise.all(started.map((service) => service.stop()))) };
  } catch (error) {
    await Promise.all(started.map((service) => service.stop()));
    throw error;
  }
}

/** Polls `probe` every 100 ms until it is truthy or `timeoutMs` passed; the last value. */
export async function waitUntil<T>(probe: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!value && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await probe();
  }
  return value;
}
