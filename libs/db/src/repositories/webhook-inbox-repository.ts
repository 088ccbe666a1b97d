import { randomUUID } from 'node:crypto';
import type { WebhookEventSource, WebhookRejectionReason } from '@storepay/payments-core';
import type { PrismaClient } from '../generated/prisma/client.ts';

/** An event to put in the inbox: its facts, and the payload as received (JSON text) or parsed. */
export interface WebhookInboxEvent {
  stripeEventId: string;
  type: string;
  apiVersion: string | null;
  livemode: boolean;
  objectId: string | null;
  paymentIntentId: string | null;
  stripeCreatedAt: Date;
  /** The event as JSON text (stored as received, without re-serialising) or as a parsed object. */
  payload: string | object;
  source: WebhookEventSource;
  /** `received` for types the pipeline handles (workers pick them up); `ignored` for any other type. */
  status: 'received' | 'ignored';
}

export interface WebhookInboxRepository {
  /** Inserts the event unless its Stripe id is already in the inbox (then nothing changes): one statement. */
  insert(event: WebhookInboxEvent): Promise<{ inserted: boolean }>;
  /**
   * Adds counts of refused deliveries to their minute (only the reason: never the body or a secret): one row per
   * minute and reason, whatever the number of refusals.
   */
  addRejectionCounts(counts: readonly RejectionCount[]): Promise<void>;
  /** Deletes the counts of minutes before `before`. */
  pruneRejectionCounts(before: Date): Promise<number>;
}

export interface RejectionCount {
  /** The start of the minute the refusals arrived in. */
  minute: Date;
  reason: WebhookRejectionReason;
  count: number;
}

const COLUMNS = `"id", "stripe_event_id", "type", "api_version", "livemode", "object_id", "payment_intent_id",
  "stripe_created_at", "payload", "source", "status"`;

/** One row's placeholders, numbered from `offset`, with the casts the columns need. */
function tuple(offset: number): string {
  const p = (i: number) => `$${offset + i}`;
  return `(${p(1)}::uuid, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}::jsonb, ${p(10)}::"WebhookEventSource", ${p(11)}::"WebhookEventStatus")`;
}

/** ON CONFLICT DO NOTHING: concurrent deliveries of one event race safely; the loser inserts zero rows. */
function insertSql(rows: number): string {
  const tuples = Array.from({ length: rows }, (_, i) => tuple(i * 11)).join(', ');
  return `INSERT INTO "webhook_events" (${COLUMNS}) VALUES ${tuples}
    ON CONFLICT ("stripe_event_id") DO NOTHING RETURNING "stripe_event_id"`;
}

type Query = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/** Most rows one batched INSERT carries. */
const MAX_BATCH = 200;
/**
 * Batched INSERTs in flight at once: one. While it commits the next batch fills up, so each commit carries more rows
 * (fewer statements, commits and WAL flushes for PostgreSQL, which shares the machine's CPUs). Measured with
 * `npm run bench -- webhooks`: 25.0-26.5% of the bare route with one batch per turn of the event loop, 25.9-27.1%
 * with one in flight.
 */
const MAX_IN_FLIGHT = 1;

interface Pending {
  id: string;
  values: unknown[];
  resolve: (inserted: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the ingest hot path: inserts that arrive in the same turn of the event loop go to PostgreSQL as
 * one multi-row INSERT (one round trip, one commit, one WAL flush) instead of one each. Every caller still waits for
 * its own row to be committed before it is answered, so an acknowledged event is always durable.
 */
function createInsertBatcher(query: Query) {
  const pending: Pending[] = [];
  let scheduled = false;
  let inFlight = 0;

  async function insertOne(item: Pending) {
    const rows = await query<{ stripe_event_id: string }>(insertSql(1), item.values);
    return rows.length === 1;
  }

  async function flush() {
    scheduled = false;
    if (inFlight >= MAX_IN_FLIGHT || pending.length === 0) return;
    const batch = pending.splice(0, MAX_BATCH);
    inFlight++;
    if (pending.length > 0) schedule();
    try {
      const rows = await query<{ stripe_event_id: string }>(
        insertSql(batch.length),
        batch.flatMap((b) => b.values),
      );
      const inserted = new Set(rows.map((row) => row.stripe_event_id));
      for (const item of batch) {
        // The same event twice in one batch: only its first occurrence counts as inserted.
        item.resolve(inserted.delete(item.id));
      }
    } catch {
      // One bad row must not fail the others: fall back to one statement each.
      for (const item of batch) insertOne(item).then(item.resolve, item.reject);
    } finally {
      inFlight--;
      // What arrived while this statement committed goes next, as one batch.
      if (pending.length > 0) schedule();
    }
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void flush());
  }

  return (id: string, values: unknown[]) =>
    new Promise<boolean>((resolve, reject) => {
      pending.push({ id, values, resolve, reject });
      schedule();
    });
}

/**
 * The inbox. `query` (a Database's driver-level statement runner) makes `insert` skip Prisma and batch concurrent
 * inserts into one statement; without it, Prisma runs one statement per event.
 */
export function createWebhookInboxRepository(prisma: PrismaClient, query?: Query): WebhookInboxRepository {
  const batched = query ? createInsertBatcher(query) : null;
  return {
    async insert(event) {
      const payload = typeof event.payload === 'string' ? event.payload : JSON.stringify(event.payload);
      const values = [
        randomUUID(),
        event.stripeEventId,
        event.type,
        event.apiVersion,
        event.livemode,
        event.objectId,
        event.paymentIntentId,
        event.stripeCreatedAt,
        payload,
        event.source,
        event.status,
      ];
      if (batched) return { inserted: await batched(event.stripeEventId, values) };
      const rows = await prisma.$queryRawUnsafe<{ stripe_event_id: string }[]>(insertSql(1), ...values);
      return { inserted: rows.length === 1 };
    },

    async addRejectionCounts(counts) {
      if (counts.length === 0) return;
      await prisma.$executeRaw`
        INSERT INTO webhook_rejection_counts (bucket_start, reason, count)
        SELECT * FROM unnest(${counts.map((c) => c.minute)}::timestamptz[], ${counts.map((c) => c.reason)}::text[],
                             ${counts.map((c) => c.count)}::int[])
        ON CONFLICT (bucket_start, reason) DO UPDATE SET count = webhook_rejection_counts.count + EXCLUDED.count`;
    },

    async pruneRejectionCounts(before) {
      const { count } = await prisma.webhookRejectionCount.deleteMany({ where: { bucketStart: { lt: before } } });
      return count;
    },
  };
}
