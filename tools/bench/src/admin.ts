// `npm run bench -- admin`: the admin's read paths on a million payments and a million inbox events (PostgreSQL).
// Server-side latency of each query shape, sequential requests with a staff session against the API process, beside
// `GET /health` of the same process as the baseline; plus the index each query's plan uses (EXPLAIN ANALYZE).
import { join } from 'node:path';
import {
  explainQuery,
  openDatabase,
  parsePaymentSearch,
  paymentListSql,
  webhookHealthSql,
  type PaymentExplorerQuery,
  type Database,
  type QueryPlanSummary,
} from '@storepay/db';
import { prismaOf } from '@storepay/db/testing';
import { ensureDatabase, seedAdminData, SEED_CUSTOMERS } from './admin-seed';
import { emulatorAsStripe, freePort, startService, workspaceRoot, type Service } from './processes';
import { percentile } from './webhook-events';

const ADMIN_EMAIL = 'bench-admin@storepay.local';
const ADMIN_PASSWORD = 'storepay-bench-admin-password';
const DAY = 86_400_000;
/** The deep page: this many pages of 25 followed from the first. */
const DEEP_PAGES = 50;

interface Scenario {
  name: string;
  targetMs: number | null;
  /** The request path for the n-th request (varied so no one row stays hot in every cache). */
  path: (n: number) => string;
  /** The repository queries this request runs, for EXPLAIN. */
  plans: () => Promise<QueryPlanSummary[]>;
}

interface Result {
  name: string;
  p50Ms: number;
  p95Ms: number;
  targetMs: number | null;
  plans: QueryPlanSummary[];
}

export async function benchAdmin(): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  if (!databaseUrl) {
    console.log(
      '\nadmin benchmark: skipped. It needs PostgreSQL with a million rows: set BENCH_DATABASE_URL, e.g. ' +
        'postgresql://postgres@127.0.0.1:5432/storepay_bench_admin (created when missing, seeded once, then reused).',
    );
    return;
  }
  const requests = Number(process.env.BENCH_ADMIN_REQUESTS ?? 300);
  const warmup = Number(process.env.BENCH_ADMIN_WARMUP ?? 30);
  await ensureDatabase(databaseUrl);
  const db = await openDatabase({ url: databaseUrl, migrate: true, poolSize: 2 });
  let api: Service | undefined;
  try {
    await seedAdminData(prismaOf(db), (line) => console.log(line));
    const port = await freePort();
    api = await startService({
      name: 'api',
      cwd: join(workspaceRoot, 'apps/api'),
      args: ['src/main.ts'],
      env: {
        API_PORT: String(port),
        API_MODE: 'http',
        DATABASE_URL: databaseUrl,
        DATA_DIR: '',
        // No Stripe call is made by these reads: a closed port stands in for the Stripe API.
        ...emulatorAsStripe(null),
        LOG_LEVEL: 'warn',
        SEED_DEMO_CATALOG: 'false',
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
      },
      port,
      readyPath: '/ready',
    });
    const cookie = await signIn(api.url);
    const scenarios = await buildScenarios(api.url, cookie, db);
    const results: Result[] = [];
    const baseline = await timeRequests(api.url, '', () => '/health', requests, warmup);
    for (const scenario of scenarios) {
      const timings = await timeRequests(api.url, cookie, scenario.path, requests, warmup);
      results.push({ name: scenario.name, ...timings, targetMs: scenario.targetMs, plans: await scenario.plans() });
    }
    console.log(report(results, { name: 'baseline: GET /health (same process)', ...baseline }, requests));
  } finally {
    await api?.stop();
    await db.close();
  }
}

async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/api/admin/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  const setCookie = response.headers.get('set-cookie');
  if (!response.ok || !setCookie) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return setCookie.split(';')[0]!;
}

async function getJson<T>(url: string, cookie: string): Promise<T> {
  const response = await fetch(url, { headers: { cookie } });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Sequential requests (one at a time, so each figure is the server's own time plus a loopback round trip). */
async function timeRequests(
  url: string,
  cookie: string,
  path: (n: number) => string,
  count: number,
  warmup: number,
): Promise<{ p50Ms: number; p95Ms: number }> {
  const timings: number[] = [];
  for (let n = 0; n < warmup + count; n++) {
    const started = performance.now();
    const response = await fetch(`${url}${path(n)}`, { headers: cookie ? { cookie } : {} });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET ${path(n)}: ${response.status}`);
    if (n >= warmup) timings.push(performance.now() - started);
  }
  return { p50Ms: percentile(timings, 50), p95Ms: percentile(timings, 95) };
}

const isoDaysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const email = (n: number) =>
  n % 2 === 0
    ? `customer${(n * 7_919) % SEED_CUSTOMERS}@example.com`
    : `Customer${(n * 7_919) % SEED_CUSTOMERS}@EXAMPLE.com`;
const last4 = (n: number) => String((n * 3_571) % 10_000).padStart(4, '0');

async function buildScenarios(url: string, cookie: string, db: Database): Promise<Scenario[]> {
  const prisma = prismaOf(db);
  const explain =
    (...queries: PaymentExplorerQuery[]) =>
    () =>
      Promise.all(queries.map((query) => explainQuery(db, paymentListSql(query))));
  const list = { sort: 'created_desc', limit: 25 } as const;
  // Follow the cursors DEEP_PAGES pages down; the requests then alternate over the last ten of them.
  const deepCursors: string[] = [];
  let cursor: string | null = null;
  for (let page = 1; page <= DEEP_PAGES; page++) {
    const body: { nextCursor: string | null } = await getJson(
      `${url}/api/admin/payments?limit=25${cursor ? `&cursor=${cursor}` : ''}`,
      cookie,
    );
    cursor = body.nextCursor;
    if (!cursor) throw new Error('the seeded data ended before the deep page');
    if (page > DEEP_PAGES - 10) deepCursors.push(cursor);
  }
  const deepAfter = await (async () => {
    const rows = await prisma.$queryRawUnsafe<{ created_at: Date; id: string }[]>(
      `SELECT created_at, id::text FROM orders ORDER BY created_at DESC, id DESC OFFSET ${DEEP_PAGES * 25} LIMIT 1`,
    );
    return { sort: 'created_desc' as const, createdAt: rows[0]!.created_at, id: rows[0]!.id };
  })();
  // Status + a week of dates, the week moving back a day per request over the 90 days.
  const week = (n: number) => ({ from: isoDaysAgo(8 + (n % 80)), to: isoDaysAgo(1 + (n % 80)) });
  const health = () => {
    const to = new Date();
    return webhookHealthSql({ from: new Date(to.getTime() - DAY), to, bucketMs: 3_600_000 });
  };
  return [
    {
      name: 'first page (25, newest first)',
      targetMs: 50,
      path: () => '/api/admin/payments',
      plans: explain(list),
    },
    {
      name: `deep page (cursor ${DEEP_PAGES} pages down)`,
      targetMs: 50,
      path: (n) => `/api/admin/payments?cursor=${deepCursors[n % deepCursors.length]}`,
      plans: explain({ ...list, after: deepAfter }),
    },
    {
      name: 'status=paid,refunded + 7-day range',
      targetMs: 50,
      path: (n) => `/api/admin/payments?status=paid,refunded&from=${week(n).from}&to=${week(n).to}`,
      plans: explain({
        ...list,
        statuses: ['paid', 'refunded'],
        from: new Date(week(40).from),
        to: new Date(week(40).to),
      }),
    },
    {
      name: 'search: email (any case)',
      targetMs: 50,
      path: (n) => `/api/admin/payments?q=${encodeURIComponent(email(n))}`,
      plans: explain({ ...list, search: parsePaymentSearch(email(1))! }),
    },
    {
      name: 'search: card last4',
      targetMs: 50,
      path: (n) => `/api/admin/payments?q=${last4(n)}`,
      plans: explain({ ...list, search: parsePaymentSearch(last4(1))! }),
    },
    {
      name: 'webhook health, 24 h',
      targetMs: 200,
      path: () => '/api/admin/webhooks/health?window=24h',
      plans: () => Promise.all(Object.values(health()).map((sql) => explainQuery(db, sql))),
    },
  ];
}

function report(results: Result[], baseline: Omit<Result, 'targetMs' | 'plans'>, requests: number): string {
  const header = ['query', 'p50 ms', 'p95 ms', 'p95 / baseline', 'target p95', 'result', 'plan: indexes (seq scans)'];
  const planText = (plans: QueryPlanSummary[]) =>
    plans
      .map((plan) => {
        const seq = plan.seqScans.length ? ` (seq: ${plan.seqScans.join(', ')})` : '';
        return `${plan.indexes.join(' + ') || 'no index'}${seq}`;
      })
      .join('; ');
  const ratio = (ms: number) => `${(ms / baseline.p95Ms).toFixed(1)}x`;
  const rows = [
    [baseline.name, baseline.p50Ms.toFixed(1), baseline.p95Ms.toFixed(1), ratio(baseline.p95Ms), '', '', ''],
    ...results.map((result) => [
      result.name,
      result.p50Ms.toFixed(1),
      result.p95Ms.toFixed(1),
      ratio(result.p95Ms),
      result.targetMs === null ? '' : `<= ${result.targetMs}`,
      result.targetMs === null ? '' : result.p95Ms <= result.targetMs ? 'PASS' : 'FAIL',
      planText(result.plans),
    ]),
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    `\nadmin benchmark: ${requests} sequential requests per row after a warm-up, with an admin session, on PostgreSQL`,
    line(header),
    ...rows.map(line),
  ].join('\n');
}
