// Scenario 2: Redis goes away under two API processes and comes back. The abuse limits neither open (no limit) nor
// close (refuse everyone): each process counts in its own memory until Redis is back (rate-limiter-flexible's
// insurance limiter), so shopping goes on, and a client gets at most the budget once per process meanwhile.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { prismaOf } from '@storepay/db/testing';
import { freePort } from '../processes';
import { createChaosDatabase, startSystem, waitUntil, type ChaosReport } from './system';

const BUDGET = 20;
const REQUESTS = 40;

function startRedis(port: number): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
}

async function redisAnswers(port: number): Promise<boolean> {
  const { createConnection } = await import('node:net');
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

export async function redisDown(runId: string, emulatorPort: number): Promise<ChaosReport> {
  const started = performance.now();
  const redisPort = await freePort();
  let redis = startRedis(redisPort);
  await waitUntil(() => redisAnswers(redisPort), 10_000);
  const database = await createChaosDatabase(runId, 'redis-down');
  const system = await startSystem({
    databaseUrl: database.url,
    emulatorPort,
    httpProcesses: 2,
    env: {
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      TRUST_PROXY: '1',
      RECONCILE_INTERVAL_MS: '0',
      RATE_LIMITS: `order_read_ip=${BUDGET}/60,checkout_ip=100000/60,checkout_email=100000/60`,
    },
  });
  const failures: string[] = [];
  let unanswered = 0;
  /** REQUESTS order reads from one new client address, alternating between the processes; answers by status. */
  const reads = async () => {
    const client = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
    const statuses = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        fetch(`${system.http[i % 2]!.url}/api/orders/${randomUUID()}`, {
          headers: { 'x-forwarded-for': client },
          signal: AbortSignal.timeout(10_000),
        }).then(
          (response) => response.status,
          () => 0,
        ),
      ),
    );
    unanswered += statuses.filter((status) => status === 0 || status >= 500).length;
    return { allowed: statuses.filter((s) => s === 404).length, limited: statuses.filter((s) => s === 429).length };
  };
  try {
    const { products } = (await (await fetch(`${system.http[0]!.url}/api/products`)).json()) as {
      products: { id: string }[];
    };
    const checkout = async (i: number) => {
      const response = await fetch(`${system.http[i % 2]!.url}/api/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({
          items: [{ productId: products[0]!.id, quantity: 1 }],
          currency: 'usd',
          email: `r${i}@example.com`,
        }),
        signal: AbortSignal.timeout(20_000),
      }).catch(() => null);
      if (!response || response.status >= 500) unanswered += 1;
      return response?.status ?? 0;
    };

    const up = await reads();
    if (up.allowed !== BUDGET)
      failures.push(`Redis up: ${up.allowed} of ${REQUESTS} reads allowed, not one shared budget of ${BUDGET}`);

    redis.kill('SIGKILL');
    await waitUntil(async () => !(await redisAnswers(redisPort)), 5_000);
    const down = await reads();
    // Each process counts alone: the budget once per process.
    if (down.allowed !== BUDGET * 2)
      failures.push(`Redis down: ${down.allowed} reads allowed, not ${BUDGET} per process`);
    const sales = await Promise.all(Array.from({ length: 10 }, (_, i) => checkout(i)));
    if (sales.some((status) => status !== 201)) failures.push(`Redis down: checkouts answered ${sales.join(', ')}`);

    redis = startRedis(redisPort);
    await waitUntil(() => redisAnswers(redisPort), 10_000);
    // ioredis reconnects with a backoff: the budget is shared again once both processes are back on it.
    const back = await waitUntil(async () => {
      const result = await reads();
      return result.allowed === BUDGET ? result : null;
    }, 20_000);
    if (!back) failures.push('Redis back: the budget was not shared again within 20 s');

    const orders = await prismaOf(database.db).order.count();
    const duplicates = Math.max(0, orders - sales.filter((status) => status === 201).length);
    return {
      scenario: 'Redis down',
      load: `${REQUESTS} order reads per phase from one client over 2 API processes; 10 checkouts while down`,
      faults: 'Redis SIGKILLed, then restarted',
      lost: unanswered,
      duplicates,
      failures,
      notes: [
        `budget ${BUDGET}/min per client: up ${up.allowed} allowed / ${up.limited} limited; down ${down.allowed} / ${down.limited} (per-process memory); back ${back ? `${back.allowed} / ${back.limited}` : 'not shared'}`,
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await system.stop();
    redis.kill('SIGKILL');
    await database.drop();
  }
}
