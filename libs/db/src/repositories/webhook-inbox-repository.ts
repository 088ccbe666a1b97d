import { randomUUID } from 'node:crypto';
import type { WebhookRejectionReason } from '@storepay/payments-core';
import type { PrismaClient } from '../generated/prisma/client.ts';

export type WebhookInboxStatus = 'received' | 'processing' | 'processed' | 'ignored' | 'failed' | 'dead';
export type WebhookInboxSource = 'webhook' | 'reconciler' | 'replay';

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
  source: WebhookInboxSource;
  /** `received` for types the pipeline handles (workers pick them up); `ignored` for any other type. */
  status: 'received' | 'ignored';
}

export interface WebhookInboxRepository {
  /** Inserts the event unless its Stripe id is already in the inbox (then nothing changes): one statement. */
  insert(event: WebhookInboxEvent): Promise<{ inserted: boolean }>;
  /** Counts a refused delivery (only the reason: never the body or a secret). */
  recordRejection(reason: WebhookRejectionReason): Promise<void>;
  /** Inbox events by status, and rejected deliveries (for health views). */
  counts(): Promise<{ byStatus: Record<WebhookInboxStatus, number>; rejected: number }>;
}

const STATUSES: readonly WebhookInboxStatus[] = ['received', 'processing', 'processed', 'ignored', 'failed', 'dead'];

const INSERT_SQL = `INSERT INTO "webhook_events" ("id", "stripe_event_id", "type", "api_version", "livemode",
  "object_id", "payment_intent_id", "stripe_created_at", "payload", "source", "status")
  VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::"WebhookEventSource", $11::"WebhookEventStatus")
  ON CONFLICT ("stripe_event_id") DO NOTHING`;

/**
 * The inbox. `execute` (a Database's driver-level statement runner) makes `insert` skip Prisma, which roughly halves
 * its cost; without it, Prisma runs the same statement.
 */
export function createWebhookInboxRepository(
  prisma: PrismaClient,
  execute?: (sql: string, params: unknown[]) => Promise<number>,
): WebhookInboxRepository {
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
      // ON CONFLICT DO NOTHING: concurrent deliveries of one event race safely; the loser inserts zero rows.
      // On the driver directly when we can: this is the ingest hot path.
      const count = execute ? await execute(INSERT_SQL, values) : await prisma.$executeRawUnsafe(INSERT_SQL, ...values);
      return { inserted: count === 1 };
    },

    async recordRejection(reason) {
      await prisma.webhookRejection.create({ data: { reason } });
    },

    async counts() {
      const [groups, rejected] = await Promise.all([
        prisma.webhookEvent.groupBy({ by: ['status'], _count: { _all: true } }),
        prisma.webhookRejection.count(),
      ]);
      const byStatus = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<WebhookInboxStatus, number>;
      for (const group of groups) byStatus[group.status] = group._count._all;
      return { byStatus, rejected };
    },
  };
}
