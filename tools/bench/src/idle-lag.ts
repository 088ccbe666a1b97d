// Idle lag: how long one event waits in the inbox when it arrives at an idle system, the worker asleep between polls.
// Measured with the workers woken by the database (LISTEN/NOTIFY, the default) and, as the baseline in the same run,
// with polling alone (WEBHOOK_WORKER_LISTEN=false): on PGlite in the demo's single process, and on PostgreSQL in the
// production layout (an API_MODE=http process receives, an API_MODE=worker process works).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, pgliteDir, type Database } from '@storepay/db';
import { prismaOf } from '@storepay/db/testing';
import { signedHeaders, startApi } from './api-process';
import { freePort, type Service } from './processes';
import { AMOUNT, paymentIntentEvent, percentile, type BenchPayment } from './webhook-events';

/** The targets for the p50, with the workers woken by the database. */
const TARGET_MS = { pglite: 250, postgresql: 50 };
const POLL_MS = 200;

export interface IdleLagOptions {
  databaseUrl?: string;
  emulatorPort: number;
  runId: string;
  /** Events per measurement, one at a time (BENCH_IDLE_EVENTS, default 20). */
  events?: number;
  /** How long the system is left idle before each event (BENCH_IDLE_GAP_MS, default 300: past one poll). */
  gapMs?: number;
}

export interface IdleLagResult {
  database: 'pglite' | 'postgresql';
  listen: boolean;
  lagsMs: number[];
}

async function createPayments(db: Database, count: number, prefix: string): Promise<BenchPayment[]> {
  const payments = Array.from({ length: count }, (_, i) => ({
    orderId: randomUUID(),
    paymentIntentId: `pi_${prefix}${i}`,
    chargeId: `ch_${prefix}${i}`,
  }));
  await prismaOf(db).order.createMany({
    data: payments.map((p) => ({ id: p.orderId, currency: 'usd', amount: AMOUNT, email: 'bench@example.com' })),
  });
  await prismaOf(db).payment.createMany({
    data: payments.map((p) => ({
      orderId: p.orderId,
      stripePaymentIntentId: p.paymentIntentId,
      status: 'requires_payment_method' as const,
      currency: 'usd',
      amount: AMOUNT,
      email: 'bench@example.com',
    })),
  });
  return payments;
}

/** Sends each payment's `payment_intent.succeeded` after `gapMs` of quiet, waiting until its order is paid. */
async function deliverOneAtATime(apiUrl: string, payments: BenchPayment[], gapMs: number, prefix: string) {
  for (const [i, payment] of payments.entries()) {
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    const body = JSON.stringify(
      paymentIntentEvent(`evt_${prefix}${i}`, payment, 'succeeded', Math.floor(Date.now() / 1000)),
    );
    const answer = await fetch(`${apiUrl}/webhooks/stripe`, { method: 'POST', headers: signedHeaders(body), body });
    if (!answer.ok) throw new Error(`idle lag: the delivery was answered ${answer.status}`);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const order = (await (await fetch(`${apiUrl}/api/orders/${payment.orderId}`)).json()) as { status?: string };
      if (order.status === 'paid') break;
      if (Date.now() > deadline) throw new Error(`idle lag: order ${payment.orderId} was not paid within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}

async function lagsOf(db: Database, prefix: string): Promise<number[]> {
  const rows = await prismaOf(db).$queryRawUnsafe<{ ms: number }[]>(
    'SELECT (EXTRACT(EPOCH FROM processed_at - received_at) * 1000)::float8 AS ms FROM webhook_events ' +
      'WHERE stripe_event_id LIKE $1 AND processed_at IS NOT NULL',
    `evt_${prefix}%`,
  );
  return rows.map((row) => Number(row.ms));
}

/** One measurement: a fresh API (and worker), `events` events one at a time, the lag of each. */
export async function measureIdleLag(options: IdleLagOptions & { listen: boolean }): Promise<IdleLagResult> {
  const events = options.events ?? Number(process.env.BENCH_IDLE_EVENTS ?? 20);
  const gapMs = options.gapMs ?? Number(process.env.BENCH_IDLE_GAP_MS ?? 300);
  const prefix = `bench_${options.runId}_idle_${options.listen ? 'listen' : 'poll'}_`;
  const env = {
    WEBHOOK_WORKER_LISTEN: String(options.listen),
    WEBHOOK_WORKER_POLL_MS: String(POLL_MS),
    RECONCILE_INTERVAL_MS: '0',
    ORDER_EXPIRY_INTERVAL_MS: '0',
    // The bench reads its orders' status as fast as it can, from one address.
    RATE_LIMITS: 'order_read_ip=1000000/60',
  };
  const services: Service[] = [];
  const stopAll = () => Promise.all(services.splice(0).map((service) => service.stop()));
  if (options.databaseUrl) {
    const database = { url: options.databaseUrl };
    const db = await openDatabase({ url: options.databaseUrl, poolSize: 2 });
    try {
      const payments = await createPayments(db, events, prefix);
      const port = await freePort();
      services.push(await startApi({ mode: 'http', emulatorPort: options.emulatorPort, port, database, env }));
      const workerPort = await freePort();
      services.push(
        await startApi({ mode: 'worker', emulatorPort: options.emulatorPort, port: workerPort, database, env }),
      );
      await deliverOneAtATime(services[0]!.url, payments, gapMs, prefix);
      await stopAll();
      return { database: 'postgresql', listen: options.listen, lagsMs: await lagsOf(db, prefix) };
    } finally {
      await stopAll();
      await db.close();
    }
  }
  // PGlite: one process holds the database, so the fixtures go in before the API starts and the lags are read after.
  const dataDir = mkdtempSync(join(tmpdir(), 'storepay-bench-idle-'));
  try {
    let db = await openDatabase({ dataDir: pgliteDir(dataDir) });
    const payments = await createPayments(db, events, prefix);
    await db.close();
    const port = await freePort();
    services.push(
      await startApi({ mode: 'all', emulatorPort: options.emulatorPort, port, database: { dataDir }, env }),
    );
    await deliverOneAtATime(services[0]!.url, payments, gapMs, prefix);
    await stopAll();
    db = await openDatabase({ dataDir: pgliteDir(dataDir) });
    try {
      return { database: 'pglite', listen: options.listen, lagsMs: await lagsOf(db, prefix) };
    } finally {
      await db.close();
    }
  } finally {
    await stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The report's line for one database: p50 and p95 woken and polling, and the woken p50 against its target. */
export function formatIdleLag(woken: IdleLagResult, polled: IdleLagResult): string {
  const p50 = percentile(woken.lagsMs, 50);
  const target = TARGET_MS[woken.database];
  const layout =
    woken.database === 'postgresql' ? 'PostgreSQL, API_MODE=http + a worker process' : 'PGlite, API_MODE=all';
  return (
    `  ${layout}: woken (LISTEN/NOTIFY) p50 ${p50.toFixed(1)} ms, p95 ${percentile(woken.lagsMs, 95).toFixed(1)} ms; ` +
    `polling every ${POLL_MS} ms p50 ${percentile(polled.lagsMs, 50).toFixed(1)} ms, ` +
    `p95 ${percentile(polled.lagsMs, 95).toFixed(1)} ms; ratio ${(percentile(polled.lagsMs, 50) / Math.max(p50, 0.1)).toFixed(1)}x; ` +
    `target p50 ≤ ${target} ms: ${p50 <= target ? 'PASS' : 'FAIL'} (${woken.lagsMs.length} events each)`
  );
}

export async function benchIdleLag(options: IdleLagOptions): Promise<void> {
  console.log(
    '\nwebhooks idle lag (one event at a time, each after the system was idle; processed_at - received_at)\n',
  );
  const databases = options.databaseUrl ? [undefined, options.databaseUrl] : [undefined];
  for (const databaseUrl of databases) {
    const woken = await measureIdleLag({ ...options, databaseUrl, listen: true });
    const polled = await measureIdleLag({ ...options, databaseUrl, listen: false });
    console.log(formatIdleLag(woken, polled));
  }
}
