// The production topology as `npm run start:prod` runs it for these suites (playwright.prod.config.ts), and the
// tools to drive it like its clients do: HTTPS through the proxy trusting its CA, a load generator, its processes
// (processes.json), its database, and the emulator's record of what Stripe was asked to do.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Its own ports and data, so it runs beside a developer's `npm start` and `npm run start:prod`. */
export const PROD = {
  httpsPort: 9443,
  httpPort: 9080,
  apiPort: 3201,
  stripePort: 12131,
  metricsPort: 9474,
  dataDir: join(tmpdir(), 'storepay-e2e-prod'),
} as const;

export const shop = `https://shop.localhost:${PROD.httpsPort}`;
export const admin = `https://admin.localhost:${PROD.httpsPort}`;
export const stripeApi = `http://127.0.0.1:${PROD.stripePort}`;
/** start:prod's test key (the emulator accepts any). */
export const STRIPE_KEY = 'sk_test_storepay_prod';
export const PROD_ADMIN = { email: 'ops@storepay.example', password: 'prod-e2e-admin-password' };

/** A database of its own on the PostgreSQL the tests use (CI drops every storepay_t_* database at the end). */
export function prodDatabaseUrl(): string {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  url.pathname = '/storepay_t_e2e_prod';
  return url.toString();
}

/** `*.localhost` is loopback (RFC 6761), as it is in the browser; Node's resolver does not know it here. */
const lookup: LookupFunction = (hostname, options, callback) =>
  dnsLookup(hostname.endsWith('.localhost') ? '127.0.0.1' : hostname, options, callback);

let agent: Agent | undefined;
/** Kept-alive TLS connections that trust the topology's CA, and only it: certificate and hostname are checked. */
function tlsAgent(): Agent {
  agent ??= new Agent({
    keepAlive: true,
    maxSockets: 64,
    ca: readFileSync(join(PROD.dataDir, 'tls/ca.pem')),
    lookup,
  });
  return agent;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTPS request through the proxy. Rejects on a network error (no answer). */
export function call(
  url: string,
  { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<Answer> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      url,
      {
        method,
        agent: tlsAgent(),
        headers: {
          ...(payload !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        timeout: 30_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    request.end(payload);
  });
}

/** A plain-HTTP request to the proxy's redirecting port, for a hostname: its status and Location. */
export function plainHttp(host: string, path: string): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: PROD.httpPort, path, headers: { host } }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, location: response.headers.location });
    });
    request.on('error', reject);
    request.end();
  });
}

export interface Outcome {
  /** A number naming the request within its run (its Idempotency-Key is derived from it). */
  n: number;
  status: number | null;
  error?: string;
  ms: number;
  body?: string;
}

/**
 * Sends requests from `connections` loops at once, each waiting for its answer before the next, until `until()`
 * says stop. Every outcome is kept, network errors included.
 */
export async function runLoad({
  connections,
  until,
  send,
}: {
  connections: number;
  until: () => boolean;
  send: (n: number) => Promise<Answer>;
}): Promise<{ outcomes: Outcome[]; seconds: number }> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (!until()) {
        const n = next++;
        const at = performance.now();
        try {
          const answer = await send(n);
          outcomes.push({ n, status: answer.status, ms: performance.now() - at, body: answer.body });
        } catch (error) {
          outcomes.push({ n, status: null, error: (error as Error).message, ms: performance.now() - at });
        }
      }
    }),
  );
  return { outcomes, seconds: (performance.now() - started) / 1000 };
}

/** Requests, failures (no answer or not `okStatus`), throughput and latency of a run. */
export function summarize(run: { outcomes: Outcome[]; seconds: number }, okStatus: number) {
  const ms = run.outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0);
  const failures = run.outcomes.filter((o) => o.status !== okStatus);
  return {
    requests: run.outcomes.length,
    failures: failures.length,
    failuresByKind: failures.reduce<Record<string, number>>((counts, o) => {
      const kind = o.status === null ? (o.error ?? 'error') : String(o.status);
      counts[kind] = (counts[kind] ?? 0) + 1;
      return counts;
    }, {}),
    perSecond: Math.round(run.outcomes.length / run.seconds),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

/** A checkout of one product, as the storefront sends it, with its own Idempotency-Key. */
export function checkout(productId: string, key: string): Promise<Answer> {
  return call(`${shop}/api/checkout`, {
    method: 'POST',
    headers: { 'idempotency-key': key },
    body: { items: [{ productId, quantity: 1 }], currency: 'usd', email: `${key}@example.com` },
  });
}

/**
 * A paid order: a checkout through the proxy, its PaymentIntent confirmed at Stripe with a test card (as Stripe.js
 * would), and the order paid once Stripe's webhook went through the proxy to the workers.
 */
export async function paidOrder(): Promise<{ orderId: string; amount: number }> {
  const created = await checkout(await firstProductId(), `paid-${randomUUID()}`);
  if (created.status !== 201) throw new Error(`checkout answered ${created.status}: ${created.body}`);
  const { orderId, paymentIntentId, amount } = JSON.parse(created.body) as {
    orderId: string;
    paymentIntentId: string;
    amount: number;
  };
  const confirmed = await fetch(`${stripeApi}/v1/payment_intents/${paymentIntentId}/confirm`, {
    method: 'POST',
    headers: { authorization: `Bearer ${STRIPE_KEY}` },
    body: new URLSearchParams({ payment_method: 'pm_card_visa', return_url: `${shop}/done` }),
  });
  if (!confirmed.ok) throw new Error(`confirming ${paymentIntentId} answered ${confirmed.status}`);
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(200)) {
    if ((await orderStatus(orderId)) === 'paid') return { orderId, amount };
  }
  throw new Error(`order ${orderId} was not paid within 20 s`);
}

/** An order's status as the shop's API tells it. */
export async function orderStatus(orderId: string): Promise<string> {
  return (JSON.parse((await call(`${shop}/api/orders/${orderId}`)).body) as { status: string }).status;
}

export async function firstProductId(): Promise<string> {
  const answer = await call(`${shop}/api/products`);
  return (JSON.parse(answer.body) as { products: { id: string }[] }).products[0]!.id;
}

export interface ProcessInfo {
  pid: number | null;
  port: number | null;
  metricsPort: number | null;
  ready: boolean;
  starts: number;
  readyAt: string | null;
}

/** What the supervisor says runs where. */
export function processes(): { supervisor: number; processes: Record<string, ProcessInfo> } {
  return JSON.parse(readFileSync(join(PROD.dataDir, 'processes.json'), 'utf8')) as ReturnType<typeof processes>;
}

/** Waits until `name` runs again, ready, after its start number `previousStarts`; answers its new record. */
export async function restarted(name: string, previousStarts: number, timeoutMs = 60_000): Promise<ProcessInfo> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = processes().processes[name]!;
    if (info.starts > previousStarts && info.ready) return info;
    if (Date.now() > deadline) throw new Error(`${name} was not running again within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs `query` on the topology's database. */
export async function sql<T extends object>(query: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: prodDatabaseUrl() });
  await client.connect();
  try {
    return (await client.query<T>(query, values)).rows;
  } finally {
    await client.end();
  }
}

/** Every PaymentIntent the emulator holds (listed as with Stripe's API, page by page). */
export async function allPaymentIntents(): Promise<{ id: string; metadata: Record<string, string> }[]> {
  const all: { id: string; metadata: Record<string, string> }[] = [];
  let after: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ limit: '100', ...(after ? { starting_after: after } : {}) });
    const response = await fetch(`${stripeApi}/v1/payment_intents?${query}`, {
      headers: { authorization: `Bearer ${STRIPE_KEY}` },
    });
    const page = (await response.json()) as {
      data: { id: string; metadata: Record<string, string> }[];
      has_more: boolean;
    };
    all.push(...page.data);
    if (!page.has_more || page.data.length === 0) return all;
    after = page.data.at(-1)!.id;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
