import {
  isUuid,
  type DisputeTotals,
  type OrderStatus,
  type PaymentDisputeFilter,
  type PaymentSort,
} from '@storepay/payments-core';
import { instantPart, keysetCursor } from '../cursor';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';

/** What `q` was recognised as: each form has its own index (see the admin_explorer_indexes migration). */
export type PaymentSearch =
  | { kind: 'order_id'; value: string }
  | { kind: 'payment_intent'; value: string }
  | { kind: 'email'; value: string }
  | { kind: 'last4'; value: string };

/** Recognises an order id (UUID), a PaymentIntent id (`pi_…`), an email, or card last4; null for anything else. */
export function parsePaymentSearch(input: string): PaymentSearch | null {
  const value = input.trim();
  if (isUuid(value)) return { kind: 'order_id', value: value.toLowerCase() };
  if (/^pi_[A-Za-z0-9_]+$/.test(value)) return { kind: 'payment_intent', value };
  if (/^\d{4}$/.test(value)) return { kind: 'last4', value };
  if (/^[^\s@]+@[^\s@]+$/.test(value)) return { kind: 'email', value: value.toLowerCase() };
  return null;
}

/** The sort key of the last row of a page: (created_at, id) or (amount, id), with the sort it belongs to. */
export type PaymentCursor =
  | { sort: 'created_desc' | 'created_asc'; createdAt: Date; id: string }
  | { sort: 'amount_desc' | 'amount_asc'; amount: number; id: string };

/** Dispute statuses not closed yet: their amount is at risk. */
const OPEN_DISPUTE_STATUSES = ['warning_needs_response', 'warning_under_review', 'needs_response', 'under_review'];

export interface PaymentExplorerQuery {
  statuses?: readonly OrderStatus[];
  /** Only orders with a dispute in this state (any of their disputes). */
  dispute?: PaymentDisputeFilter;
  currency?: string;
  /** On the order's created_at: `from` inclusive, `to` exclusive. */
  from?: Date;
  to?: Date;
  /** Minor units of `currency`. */
  minAmount?: number;
  maxAmount?: number;
  search?: PaymentSearch;
  sort: PaymentSort;
  limit: number;
  after?: PaymentCursor | null;
}

export interface PaymentExplorerRow {
  orderId: string;
  paymentIntentId: string | null;
  status: OrderStatus;
  paymentStatus: string | null;
  amount: number;
  amountRefunded: number;
  currency: string;
  email: string;
  cardBrand: string | null;
  cardLast4: string | null;
  createdAt: Date;
}

export interface PaymentExplorerPage {
  rows: PaymentExplorerRow[];
  /** The cursor after the last row, or null when this is the last page. */
  next: PaymentCursor | null;
}

export type PaymentExplorerFilters = Omit<PaymentExplorerQuery, 'limit' | 'after' | 'sort'>;

export interface PaymentExplorerRepository {
  /** One keyset page (never OFFSET): the rows after `after` in `sort` order, at most `limit`. */
  list(query: PaymentExplorerQuery): Promise<PaymentExplorerPage>;
  /** Every row matching the query, one keyset page of `pageSize` at a time (for exports). */
  iterate(query: Omit<PaymentExplorerQuery, 'limit' | 'after'>, pageSize: number): AsyncGenerator<PaymentExplorerRow>;
  /** The disputed amounts of the orders matching the filters (every page, not one), summed in the database. */
  disputeTotals(filters: PaymentExplorerFilters): Promise<DisputeTotals>;
}

/** Cursors of the payments explorer: the sort they belong to and the last row's sort key. */
export const paymentCursor = keysetCursor<PaymentCursor>(
  'payments',
  (cursor) => [cursor.sort, 'createdAt' in cursor ? cursor.createdAt.toISOString() : String(cursor.amount), cursor.id],
  ([sort, key, id]) => {
    if (!key || !id || !isUuid(id)) return null;
    if (sort === 'created_desc' || sort === 'created_asc') {
      const createdAt = instantPart(key);
      return createdAt && { sort, createdAt, id };
    }
    if ((sort === 'amount_desc' || sort === 'amount_asc') && /^\d{1,9}$/.test(key))
      return { sort, amount: Number(key), id };
    return null;
  },
);

const statusList = (statuses: readonly string[]) =>
  Prisma.join(statuses.map((status) => Prisma.sql`${status}::"DisputeStatus"`));

/** The condition on a dispute row `d` that a dispute filter asks for. */
function disputeCondition(filter: PaymentDisputeFilter): Prisma.Sql {
  if (filter === 'open') return Prisma.sql`d.status IN (${statusList(OPEN_DISPUTE_STATUSES)})`;
  if (filter === 'won' || filter === 'lost') return Prisma.sql`d.status = ${filter}::"DisputeStatus"`;
  return Prisma.sql`true`;
}

function filterConditions(query: Omit<PaymentExplorerQuery, 'limit' | 'sort'>): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (query.statuses?.length) {
    // One parameter per status: the PGlite adapter cannot bind a one-element array.
    const statuses = query.statuses.map((status) => Prisma.sql`${status}::"OrderStatus"`);
    where.push(Prisma.sql`o.status IN (${Prisma.join(statuses)})`);
  }
  if (query.currency) where.push(Prisma.sql`o.currency = ${query.currency}`);
  if (query.dispute) {
    where.push(
      Prisma.sql`o.id IN (SELECT p.order_id FROM payments p JOIN disputes d ON d.payment_id = p.id
                          WHERE ${disputeCondition(query.dispute)})`,
    );
  }
  if (query.from) where.push(Prisma.sql`o.created_at >= ${query.from}::timestamptz`);
  if (query.to) where.push(Prisma.sql`o.created_at < ${query.to}::timestamptz`);
  if (query.minAmount !== undefined) where.push(Prisma.sql`o.amount >= ${query.minAmount}`);
  if (query.maxAmount !== undefined) where.push(Prisma.sql`o.amount <= ${query.maxAmount}`);
  const search = query.search;
  if (search?.kind === 'order_id') where.push(Prisma.sql`o.id = ${search.value}::uuid`);
  // lower(email) has its own expression index; emails are stored as typed.
  if (search?.kind === 'email') where.push(Prisma.sql`lower(o.email) = ${search.value}`);
  if (search?.kind === 'payment_intent')
    where.push(Prisma.sql`o.id IN (SELECT order_id FROM payments WHERE stripe_payment_intent_id = ${search.value})`);
  if (search?.kind === 'last4')
    where.push(Prisma.sql`o.id IN (SELECT order_id FROM payments WHERE card_last4 = ${search.value})`);
  const after = query.after;
  // Row comparisons on (key, id) match the composite indexes, so PostgreSQL starts the scan at the cursor.
  if (after && 'createdAt' in after) {
    where.push(
      after.sort === 'created_desc'
        ? Prisma.sql`(o.created_at, o.id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`
        : Prisma.sql`(o.created_at, o.id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)`,
    );
  } else if (after) {
    where.push(
      after.sort === 'amount_desc'
        ? Prisma.sql`(o.amount, o.id) < (${after.amount}, ${after.id}::uuid)`
        : Prisma.sql`(o.amount, o.id) > (${after.amount}, ${after.id}::uuid)`,
    );
  }
  return where;
}

const ORDER_BY: Record<PaymentSort, Prisma.Sql> = {
  created_desc: Prisma.sql`o.created_at DESC, o.id DESC`,
  created_asc: Prisma.sql`o.created_at ASC, o.id ASC`,
  amount_desc: Prisma.sql`o.amount DESC, o.id DESC`,
  amount_asc: Prisma.sql`o.amount ASC, o.id ASC`,
};

/** The list query; exported so the benchmark can EXPLAIN exactly what the API runs. */
export function paymentListSql(query: PaymentExplorerQuery): Prisma.Sql {
  const where = filterConditions(query);
  // Orders and payments are 1:1 by contract; the lateral join keeps one row per order even if that ever breaks.
  return Prisma.sql`
    SELECT o.id::text AS "orderId", o.status::text AS status, o.amount, o.amount_refunded AS "amountRefunded",
           o.currency, o.email, o.created_at AS "createdAt",
           p.stripe_payment_intent_id AS "paymentIntentId", p.status::text AS "paymentStatus",
           p.card_brand AS "cardBrand", p.card_last4 AS "cardLast4"
    FROM orders o
    LEFT JOIN LATERAL (
      SELECT stripe_payment_intent_id, status, card_brand, card_last4
      FROM payments WHERE payments.order_id = o.id ORDER BY payments.created_at DESC LIMIT 1
    ) p ON true
    ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, ' AND ')}` : Prisma.empty}
    ORDER BY ${ORDER_BY[query.sort]}
    LIMIT ${query.limit + 1}`;
}

/**
 * The disputes of the orders matching `filters`, summed per currency into open, won and lost. It reads the disputes
 * first (few next to orders) and each one's order by its key, so it stays cheap on a large orders table.
 */
export function disputeTotalsSql(filters: PaymentExplorerFilters): Prisma.Sql {
  const where = filterConditions(filters);
  return Prisma.sql`
    SELECT d.currency,
           CASE WHEN d.status IN (${statusList(OPEN_DISPUTE_STATUSES)}) THEN 'atRisk' ELSE d.status::text END AS bucket,
           SUM(d.amount)::bigint AS amount
    FROM disputes d
    JOIN payments p ON p.id = d.payment_id
    JOIN orders o ON o.id = p.order_id
    WHERE ${disputeCondition(filters.dispute ?? 'any')}
      AND (d.status IN (${statusList(OPEN_DISPUTE_STATUSES)}) OR d.status IN ('won', 'lost'))
      ${where.length ? Prisma.sql`AND ${Prisma.join(where, ' AND ')}` : Prisma.empty}
    GROUP BY 1, 2`;
}

function cursorAfter(sort: PaymentSort, row: PaymentExplorerRow): PaymentCursor {
  return sort === 'created_desc' || sort === 'created_asc'
    ? { sort, createdAt: row.createdAt, id: row.orderId }
    : { sort, amount: row.amount, id: row.orderId };
}

export function createPaymentExplorerRepository(prisma: PrismaClient): PaymentExplorerRepository {
  async function list(query: PaymentExplorerQuery): Promise<PaymentExplorerPage> {
    const found = await prisma.$queryRaw<PaymentExplorerRow[]>(paymentListSql(query));
    const rows = found.slice(0, query.limit);
    const last = rows[rows.length - 1];
    return { rows, next: found.length > query.limit && last ? cursorAfter(query.sort, last) : null };
  }

  return {
    list,
    async disputeTotals(filters) {
      const rows = await prisma.$queryRaw<{ currency: string; bucket: keyof DisputeTotals; amount: bigint }[]>(
        disputeTotalsSql(filters),
      );
      const totals: DisputeTotals = { atRisk: {}, won: {}, lost: {} };
      for (const row of rows) totals[row.bucket][row.currency] = Number(row.amount);
      return totals;
    },
    async *iterate(query, pageSize) {
      let after: PaymentCursor | null = null;
      do {
        const page: PaymentExplorerPage = await list({ ...query, limit: pageSize, after });
        yield* page.rows;
        after = page.next;
      } while (after);
    },
  };
}
