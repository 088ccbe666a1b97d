// Scenario 1: PostgreSQL restarted in the middle of a burst of webhooks. The suite runs a PostgreSQL server of its
// own (initdb into a temporary folder, on a free port) so it can stop it. While it is down the API answers 503 and
// `/ready` says so; Stripe (the emulator) retries what was refused; once it is back everything is applied once, and
// no process needed a restart.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '@storepay/db';
import { prismaOf } from '@storepay/db/testing';
import { freePort } from '../processes';
import { checkOut, newTally, payAtStripe } from './shop';
import { startSystem, waitUntil, type ChaosReport } from './system';

/** PostgreSQL's programs: on PATH, or in Debian's versioned folder. */
function pgBin(name: string): string {
  const onPath = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort().reverse() : [];
  for (const version of versions)
    if (existsSync(join(root, version, 'bin', name))) return join(root, version, 'bin', name);
  throw new Error(`${name} (PostgreSQL's server programs) not found`);
}

/** PostgreSQL refuses to run as root: as root the server runs as the `postgres` user. */
function asServerUser(command: string, args: string[]) {
  const [file, argv] =
    process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  const result = spawnSync(file, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
}

interface Server {
  url: string;
  start(): void;
  stop(): void;
  remove(): void;
}

function createServer(port: number): Server {
  const dir = mkdtempSync(join(tmpdir(), 'storepay-chaos-pg-'));
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  asServerUser(pgBin('initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    start: () => asServerUser(pgBin('pg_ctl'), ['-D', data, '-o', options, '-w', '-l', join(dir, 'log'), 'start']),
    // `fast`: connections are cut, as when the server restarts for an upgrade or a failover.
    stop: () => asServerUser(pgBin('pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function postgresRestart(
  runId: string,
  emulatorPort: number,
  { payments = 300, downSeconds = 3 }: { payments?: number; downSeconds?: number } = {},
): Promise<ChaosReport> {
  const started = performance.now();
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const server = createServer(await freePort());
  server.start();
  const failures: string[] = [];
  let system: Awaited<ReturnType<typeof startSystem>> | null = null;
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE storepay');
    await admin.end();
    const url = server.url.replace(/\/postgres$/, '/storepay');
    const migrated = await openDatabase({ url, migrate: true, poolSize: 1 });
    await migrated.close();
    // Events the worker had claimed when the server went away wait out their lease before a worker takes them
    // again (their claim committed; their work rolled back): 5 s here instead of the default minute.
    system = await startSystem({
      databaseUrl: url,
      emulatorPort,
      env: { RECONCILE_INTERVAL_MS: '0', WEBHOOK_WORKER_LEASE_MS: '5000' },
    });
    const api = system.http[0]!.url;

    const orderIds = (await checkOut(() => api, payments, newTally())).filter((id): id is string => id !== null);
    if (orderIds.length !== payments) failures.push(`${payments - orderIds.length} checkouts failed before the fault`);

    // The burst: every order paid at Stripe at once, its events (payment_intent.succeeded, charge.succeeded, …)
    // delivered to the API; a moment in, the database goes away for `downSeconds`.
    const db = await openDatabase({ url, poolSize: 2 });
    const prisma = prismaOf(db);
    const paying = payAtStripe(emulatorUrl, prisma, orderIds);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await db.close();
    server.stop();
    const downAt = performance.now();
    const readyWhileDown = await fetch(`${api}/ready`).then(
      (response) => response.status,
      () => 0,
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, downSeconds * 1000 - (performance.now() - downAt))));
    server.start();
    const restartedAt = performance.now();
    const unconfirmed = await paying;
    if (readyWhileDown !== 503) failures.push(`/ready answered ${readyWhileDown} while the database was down`);
    if (unconfirmed > 0) failures.push(`${unconfirmed} PaymentIntents could not be confirmed at the emulator`);

    // Back: the processes reconnect by themselves, and the emulator's retries bring what was refused.
    const after = await openDatabase({ url, poolSize: 2 });
    const afterPrisma = prismaOf(after);
    try {
      const confirmedAtStripe = orderIds.length - unconfirmed;
      const allPaid = await waitUntil(
        async () => (await afterPrisma.order.count({ where: { status: 'paid' } })) === confirmedAtStripe,
        120_000,
      );
      const appliedAt = performance.now();
      const paid = await afterPrisma.order.count({ where: { status: 'paid' } });
      if (!allPaid) failures.push(`${paid} of ${confirmedAtStripe} orders paid at Stripe recorded paid within 120 s`);
      const readyAfter = await fetch(`${api}/ready`).then(
        (response) => response.status,
        () => 0,
      );
      const workerAfter = await fetch(`${system.worker.url}/metrics`).then(
        (response) => response.status,
        () => 0,
      );
      if (readyAfter !== 200 || workerAfter !== 200) {
        failures.push(
          `after the restart: /ready ${readyAfter}, the worker's /metrics ${workerAfter} (no restart allowed)`,
        );
      }
      // An event whose attempt failed while the server was down waits its retry (1 s, 2 s, 4 s, … with jitter).
      const countUnfinished = () =>
        afterPrisma.webhookEvent.count({ where: { status: { in: ['received', 'processing', 'failed', 'dead'] } } });
      await waitUntil(async () => (await countUnfinished()) === 0, 60_000);
      const unfinished = await countUnfinished();
      if (unfinished > 0) failures.push(`${unfinished} inbox events not processed within 60 s`);
      const fulfilments = await afterPrisma.outboxMessage.groupBy({
        by: ['orderId'],
        where: { kind: 'order.paid' },
        _count: { _all: true },
      });
      const duplicates = fulfilments.filter((row) => row._count._all > 1).length;
      const events = await afterPrisma.webhookEvent.count();
      return {
        scenario: 'PostgreSQL restart',
        load: `${payments} orders paid at once at Stripe: a burst of their webhooks (${events} distinct events)`,
        faults: `PostgreSQL stopped (fast) 0.3 s into the burst, started again ${downSeconds} s later`,
        lost: confirmedAtStripe - fulfilments.length,
        duplicates,
        failures,
        notes: [
          `while down: /ready ${readyWhileDown}; Stripe's deliveries refused then were retried by the emulator`,
          `after: ${paid} orders paid, ${fulfilments.length} fulfilled once each, the same processes answering; ` +
            `all applied ${((appliedAt - restartedAt) / 1000).toFixed(1)} s after the restart (claims lapse after 5 s)`,
        ],
        seconds: (performance.now() - started) / 1000,
      };
    } finally {
      await after.close();
    }
  } finally {
    await system?.stop();
    try {
      server.stop();
    } catch {
      // already stopped
    }
    server.remove();
  }
}
