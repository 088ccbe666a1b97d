import { isUuid, type WebhookEventSource, type WebhookEventStatus } from '@storepay/payments-core';
import { instantPart, keysetCursor } from '../cursor';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { appendAudit, type AuditEntry } from './audit-repository';

export interface InboxEventSummary {
  id: string;
  stripeEventId: string;
  type: string;
  status: WebhookEventStatus;
  source: WebhookEventSource;
  paymentIntentId: string | null;
  attempts: number;
  lastError: string | null;
  stripeCreatedAt: Date;
  receivedAt: Date;
  processedAt: Date | null;
  nextAttemptAt: Date;
}

export interface InboxEventQuery {
  status?: WebhookEventStatus;
  type?: string;
  paymentIntentId?: string;
  limit: number;
  /** The last row of the previous page (from its `next`). */
  after?: InboxEventPosition | null;
}

/** Where a page of the inbox list ends: its last row's arrival and id. */
export interface InboxEventPosition {
  receivedAt: Date;
  id: string;
}

export interface ReplayOutcome {
  replayed: string[];
  skipped: { id: string; reason: 'not_found' | 'in_progress' }[];
}

export interface WebhookAdminRepository {
  /** Newest received first, keyset-paginated on (received_at, id). */
  list(query: InboxEventQuery): Promise<{ events: InboxEventSummary[]; next: InboxEventPosition | null }>;
  /**
   * Puts events back to `received` with a fresh attempt budget, so the workers apply them again (the handlers are
   * idempotent and guarded, so replaying a processed event changes nothing that is already right). Events a worker
   * holds right now are skipped.
   */
  replay(ids: string[], auditFor?: (replayed: string[]) => AuditEntry): Promise<ReplayOutcome>;
}

const summarySelect = {
  id: true,
  stripeEventId: true,
  type: true,
  status: true,
  source: true,
  paymentIntentId: true,
  attempts: true,
  lastError: true,
  stripeCreatedAt: true,
  receivedAt: true,
  processedAt: true,
  nextAttemptAt: true,
} as const;

/** Cursors of the inbox list. */
export const inboxEventCursor = keysetCursor<InboxEventPosition>(
  'webhook-events',
  (position) => [position.receivedAt.toISOString(), position.id],
  ([at, id]) => {
    const receivedAt = instantPart(at);
    return receivedAt && id && isUuid(id) ? { receivedAt, id } : null;
  },
);

export function createWebhookAdminRepository(prisma: PrismaClient): WebhookAdminRepository {
  return {
    async list({ status, type, paymentIntentId, limit, after }) {
      const where: Prisma.WebhookEventWhereInput = {
        ...(status ? { status } : {}),
        ...(type ? { type } : {}),
        ...(paymentIntentId ? { paymentIntentId } : {}),
        ...(after
          ? { OR: [{ receivedAt: { lt: after.receivedAt } }, { receivedAt: after.receivedAt, id: { lt: after.id } }] }
          : {}),
      };
      const rows = await prisma.webhookEvent.findMany({
        where,
        select: summarySelect,
        orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
        take: limit + 1,
      });
      const events = rows.slice(0, limit);
      const last = events[events.length - 1];
      return { events, next: rows.length > limit && last ? { receivedAt: last.receivedAt, id: last.id } : null };
    },

    async replay(ids, auditFor) {
      const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
      return prisma.$transaction(async (tx) => {
        // Locked until commit: a worker's claim (FOR UPDATE SKIP LOCKED) passes these rows by meanwhile.
        const found = await tx.$queryRaw<{ id: string; status: WebhookEventStatus }[]>`
          SELECT id::text AS id, status::text AS status FROM webhook_events WHERE id = ANY(${unique}::uuid[]) FOR UPDATE`;
        const status = new Map(found.map((row) => [row.id, row.status]));
        const replayable = unique.filter((id) => status.has(id) && status.get(id) !== 'processing');
        await tx.webhookEvent.updateMany({
          where: { id: { in: replayable } },
          data: {
            status: 'received',
            attempts: 0,
            nextAttemptAt: new Date(),
            lockedAt: null,
            lockedBy: null,
            processedAt: null,
          },
        });
        if (auditFor && replayable.length > 0) await appendAudit(tx, auditFor(replayable));
        return {
          replayed: replayable,
          skipped: unique
            .filter((id) => !replayable.includes(id))
            .map((id) => ({ id, reason: status.has(id) ? ('in_progress' as const) : ('not_found' as const) })),
        };
      });
    },
  };
}
