import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { appendAudit, type AuditEntry } from './audit-repository';
import type { WebhookInboxSource, WebhookInboxStatus } from './webhook-inbox-repository';

export interface InboxEventSummary {
  id: string;
  stripeEventId: string;
  type: string;
  status: WebhookInboxStatus;
  source: WebhookInboxSource;
  paymentIntentId: string | null;
  attempts: number;
  lastError: string | null;
  stripeCreatedAt: Date;
  receivedAt: Date;
  processedAt: Date | null;
  nextAttemptAt: Date;
}

export interface InboxEventQuery {
  status?: WebhookInboxStatus;
  type?: string;
  paymentIntentId?: string;
  limit: number;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
}

export interface ReplayOutcome {
  replayed: string[];
  skipped: { id: string; reason: 'not_found' | 'in_progress' }[];
}

export interface WebhookAdminRepository {
  /** Newest received first, keyset-paginated on (received_at, id). */
  list(query: InboxEventQuery): Promise<{ events: InboxEventSummary[]; nextCursor: string | null }>;
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const encodeCursor = (at: Date, id: string): string =>
  Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');

/** The (instant, id) a cursor carries, or null when it is not one of ours. */
export function decodeCursor(cursor: string): { at: Date; id: string } | null {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const at = new Date(iso ?? '');
  if (!id || Number.isNaN(at.getTime()) || !UUID.test(id)) return null;
  return { at, id };
}

export function createWebhookAdminRepository(prisma: PrismaClient): WebhookAdminRepository {
  return {
    async list({ status, type, paymentIntentId, limit, cursor }) {
      const after = cursor ? decodeCursor(cursor) : null;
      const where: Prisma.WebhookEventWhereInput = {
        ...(status ? { status } : {}),
        ...(type ? { type } : {}),
        ...(paymentIntentId ? { paymentIntentId } : {}),
        ...(after ? { OR: [{ receivedAt: { lt: after.at } }, { receivedAt: after.at, id: { lt: after.id } }] } : {}),
      };
      const rows = await prisma.webhookEvent.findMany({
        where,
        select: summarySelect,
        orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
        take: limit + 1,
      });
      const events = rows.slice(0, limit);
      const last = events[events.length - 1];
      return { events, nextCursor: rows.length > limit && last ? encodeCursor(last.receivedAt, last.id) : null };
    },

    async replay(ids, auditFor) {
      const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
      return prisma.$transaction(async (tx) => {
        // Locked until commit: a worker's claim (FOR UPDATE SKIP LOCKED) passes these rows by meanwhile.
        const found = await tx.$queryRaw<{ id: string; status: WebhookInboxStatus }[]>`
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
