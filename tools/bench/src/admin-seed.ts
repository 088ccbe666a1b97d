// The admin benchmark's data: a million orders with their payments and a million inbox events, made by PostgreSQL
// itself (INSERT … SELECT over generate_series), then VACUUM ANALYZE so plans and index-only scans see real figures.
import type { PrismaClient } from '@storepay/db/testing';
import pg from 'pg';

export const SEED_ORDERS = 1_000_000;
export const SEED_EVENTS = 1_000_000;
/** Distinct customers: each has ~5 orders; every 7th order spells the email in mixed case. */
export const SEED_CUSTOMERS = 200_000;

/** Weighted like a shop's history: mostly paid, some failed, refunded, pending, a few disputed. */
const ORDER_STATUS_WEIGHTS: [string, number][] = [
  ['paid', 30],
  ['pending', 4],
  ['processing', 1],
  ['requires_action', 1],
  ['failed', 5],
  ['canceled', 3],
  ['partially_refunded', 2],
  ['refunded', 3],
  ['disputed', 1],
];
const EVENT_TYPES = [
  'payment_intent.succeeded',
  'payment_intent.succeeded',
  'charge.succeeded',
  'charge.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.processing',
  'payment_intent.requires_action',
  'charge.refunded',
  'refund.created',
  'charge.dispute.created',
];
/** Inbox statuses per 1,000 events: nearly all processed, a small backlog of received, processing and failed. */
const EVENT_STATUS_WEIGHTS: [string, number][] = [
  ['processed', 912],
  ['ignored', 75],
  ['failed', 5],
  ['dead', 3],
  ['received', 4],
  ['processing', 1],
];

const weighted = (weights: [string, number][]) =>
  `ARRAY[${weights.flatMap(([value, weight]) => Array<string>(weight).fill(`'${value}'`)).join(',')}]`;
const pick = (weights: [string, number][]) => {
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  return `(${weighted(weights)})[1 + floor(random() * ${total})::int]`;
};

const ORDERS_SQL = `
INSERT INTO orders (id, status, currency, amount, amount_refunded, email, created_at, updated_at, paid_at)
SELECT md5('bench-order-' || i)::uuid, status::"OrderStatus", currency, amount,
       CASE status WHEN 'refunded' THEN amount WHEN 'partially_refunded' THEN amount / 2 ELSE 0 END,
       CASE WHEN i % 7 = 0 THEN 'Customer' || (i % ${SEED_CUSTOMERS}) || '@Example.com'
            ELSE 'customer' || (i % ${SEED_CUSTOMERS}) || '@example.com' END,
       created_at, created_at,
       CASE WHEN status IN ('paid', 'partially_refunded', 'refunded', 'disputed') THEN created_at + interval '4 seconds' END
FROM (
  SELECT i, ${pick(ORDER_STATUS_WEIGHTS)} AS status,
         (ARRAY['usd','usd','usd','usd','eur','eur','gbp','jpy','jpy','kwd'])[1 + floor(random() * 10)::int] AS currency,
         (500 + floor(random() * 50000))::int AS amount,
         date_trunc('milliseconds', now() - random() * interval '90 days') AS created_at
  FROM generate_series(1, ${SEED_ORDERS}) AS i
) AS generated`;

// Every order but one in fifty has its payment (the others never reached Stripe).
const PAYMENTS_SQL = `
INSERT INTO payments (id, order_id, stripe_payment_intent_id, stripe_charge_id, status, currency, amount,
                      amount_received, amount_refunded, email, payment_method_type, card_brand, card_last4,
                      card_exp_month, card_exp_year, card_country, risk_level, outcome_type, network_status,
                      created_at, updated_at)
SELECT md5('bench-payment-' || i)::uuid, o.id, 'pi_bench_' || i, 'ch_bench_' || i,
       (CASE o.status WHEN 'pending' THEN 'requires_payment_method' WHEN 'failed' THEN 'requires_payment_method'
          WHEN 'processing' THEN 'processing' WHEN 'requires_action' THEN 'requires_action'
          WHEN 'canceled' THEN 'canceled' ELSE 'succeeded' END)::"PaymentStatus",
       o.currency, o.amount,
       CASE WHEN o.status IN ('paid', 'partially_refunded', 'refunded', 'disputed') THEN o.amount ELSE 0 END,
       o.amount_refunded, o.email, 'card',
       (ARRAY['visa','visa','mastercard','amex'])[1 + i % 4], lpad(((i::bigint * 7919) % 10000)::text, 4, '0'),
       1 + i % 12, 2027 + i % 5, (ARRAY['US','GB','DE','JP','FR'])[1 + i % 5],
       (ARRAY['normal','normal','normal','elevated','highest'])[1 + i % 5], 'authorized', 'approved_by_network',
       o.created_at, o.created_at
FROM generate_series(1, ${SEED_ORDERS}) AS i
JOIN orders o ON o.id = md5('bench-order-' || i)::uuid
WHERE i % 50 <> 0`;

const EVENTS_SQL = `
INSERT INTO webhook_events (id, stripe_event_id, type, api_version, livemode, object_id, payment_intent_id,
                            stripe_created_at, payload, source, received_at, status, attempts, next_attempt_at,
                            last_error, processed_at)
SELECT md5('bench-event-' || i)::uuid, 'evt_bench_' || i, type, '2025-01-27.acacia', false,
       'pi_bench_' || pi, 'pi_bench_' || pi, received_at - interval '250 milliseconds', '{}'::jsonb, 'webhook',
       received_at, status::"WebhookEventStatus", CASE WHEN status = 'received' THEN 0 ELSE 1 END, received_at,
       CASE WHEN status IN ('failed', 'dead') THEN 'handler failed: connection reset' END,
       CASE WHEN status IN ('processed', 'ignored')
            THEN received_at + floor(random() * random() * 5000) * interval '1 millisecond' END
FROM (
  SELECT i, 1 + (i * 7) % ${SEED_ORDERS} AS pi,
         (ARRAY[${EVENT_TYPES.map((type) => `'${type}'`).join(',')}])[1 + floor(random() * ${EVENT_TYPES.length})::int] AS type,
         ${pick(EVENT_STATUS_WEIGHTS)} AS status,
         date_trunc('milliseconds', now() - random() * interval '90 days') AS received_at
  FROM generate_series(1, ${SEED_EVENTS}) AS i
) AS generated`;

const REJECTIONS_SQL = `
INSERT INTO webhook_rejection_counts (bucket_start, reason, count)
SELECT date_trunc('minute', now() - random() * interval '90 days') AS minute,
       (ARRAY['invalid_signature','invalid_signature','stale_timestamp','missing_signature','invalid_json'])[1 + i % 5],
       1
FROM generate_series(1, 20000) AS i
ON CONFLICT (bucket_start, reason) DO UPDATE SET count = webhook_rejection_counts.count + 1`;

/** Creates the database named in `url` when it does not exist (on the same server, through `postgres`). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

async function isSeeded(prisma: PrismaClient): Promise<boolean> {
  const [row] = await prisma.$queryRawUnsafe<{ orders: boolean; events: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM orders WHERE id = md5('bench-order-${SEED_ORDERS}')::uuid) AS orders,
            EXISTS (SELECT 1 FROM webhook_events WHERE stripe_event_id = 'evt_bench_${SEED_EVENTS}') AS events`,
  );
  return Boolean(row?.orders && row.events);
}

/** Seeds the data set unless a previous run already did (then it is reused as it is). */
export async function seedAdminData(prisma: PrismaClient, log: (line: string) => void): Promise<void> {
  if (await isSeeded(prisma)) {
    log('admin benchmark: reusing the seeded data set (1,000,000 payments, 1,000,000 inbox events)');
    return;
  }
  log('admin benchmark: seeding 1,000,000 orders + payments and 1,000,000 inbox events (a few minutes, once)');
  // A half-finished seed from an interrupted run would break the counts: start from empty tables.
  await prisma.$executeRawUnsafe(
    'TRUNCATE orders, order_items, payments, refunds, disputes, outbox_messages, webhook_events, webhook_rejection_counts CASCADE',
  );
  for (const [what, sql] of [
    ['orders', ORDERS_SQL],
    ['payments', PAYMENTS_SQL],
    ['inbox events', EVENTS_SQL],
    ['rejections', REJECTIONS_SQL],
  ] as const) {
    const started = performance.now();
    const rows = await prisma.$executeRawUnsafe(sql);
    log(`  ${what}: ${rows.toLocaleString('en-US')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  for (const table of ['orders', 'payments', 'webhook_events', 'webhook_rejection_counts']) {
    await prisma.$executeRawUnsafe(`VACUUM ANALYZE ${table}`);
  }
}
