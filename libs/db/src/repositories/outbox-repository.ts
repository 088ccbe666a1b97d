import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';

export type OutboxMessageStatus = 'pending' | 'sent' | 'failed' | 'dead';

/** An outbox row claimed by one worker until `lockedUntil`, on attempt `attempts`. */
export interface ClaimedOutboxMessage {
  id: string;
  kind: string;
  orderId: string | null;
  payload: unknown;
  attempts: number;
  createdAt: Date;
  lockedBy: string;
}

export interface OutboxClaimOptions {
  workerId: string;
  limit: number;
  /** How long the claim holds: longer than a send may take, so a row being sent is never claimed twice. */
  leaseMs: number;
}

/** What became of one attempt (the use case decides: sent, retry at a time, or dead). */
export type OutboxOutcome =
  | { status: 'sent'; recipient: string }
  | { status: 'failed'; recipient: string | null; error: string; nextAttemptAt: Date }
  | { status: 'dead'; recipient: string | null; error: string };

/** A notification as the admin's order timeline shows it. */
export interface OutboxEntryView {
  id: string;
  kind: string;
  status: OutboxMessageStatus;
  attempts: number;
  recipient: string | null;
  lastError: string | null;
  /** When the last attempt ended (sent, or failed). */
  lastAttemptAt: Date | null;
  createdAt: Date;
  sentAt: Date | null;
  nextAttemptAt: Date;
}

/** What the emails of an order are written from. */
export interface OrderForNotification {
  id: string;
  email: string;
  locale: string;
  status: string;
  currency: string;
  amount: number;
  amountRefunded: number;
  createdAt: Date;
  items: { name: string; quantity: number; unitAmount: number }[];
}

export type ReplayOutcome = 'replayed' | 'not_found' | 'not_replayable';

/** The outbox as the notification workers and the admin see it. Stores and loads; the use cases decide. */
/** A notification to send that no payment transaction records (e.g. a sign-in link). */
export interface NewOutboxMessage {
  kind: string;
  /** Unique per notification: a second one with the same key is dropped. */
  dedupeKey: string;
  orderId: string | null;
  payload: Record<string, unknown>;
}

export interface OutboxRepository {
  /** Records a notification to send; false when one with its dedupe key exists. */
  enqueue(message: NewOutboxMessage): Promise<boolean>;
  /**
   * Claims due rows in one statement with `FOR UPDATE SKIP LOCKED`: `pending` or `failed` whose next attempt is
   * due and whose lease (if any) has run out. Each claimed row's attempts are counted up and it is leased to the
   * worker. Oldest first.
   */
  claim(options: OutboxClaimOptions): Promise<ClaimedOutboxMessage[]>;
  /**
   * Records an attempt's outcome on a claimed row, fenced on the claim (worker and attempt); false when the claim
   * was lost (the lease ran out and another worker took the row), and then nothing is written.
   */
  record(message: ClaimedOutboxMessage, outcome: OutboxOutcome): Promise<boolean>;
  /**
   * A dead or failed row due now again, with its attempts counted from zero; `not_replayable` while a worker holds
   * it (a retry being sent).
   */
  replay(id: string): Promise<ReplayOutcome>;
  /** The notifications of an order, oldest first. */
  listForOrder(orderId: string): Promise<OutboxEntryView[]>;
  /** Rows by status, newest first (the admin's list of what did not go out). */
  list(options: {
    status?: OutboxMessageStatus;
    limit: number;
  }): Promise<(OutboxEntryView & { orderId: string | null })[]>;
  order(orderId: string): Promise<OrderForNotification | null>;
  /** The addresses of active admins (staff notifications). */
  adminEmails(): Promise<string[]>;
}

/** The columns of `OutboxEntryView`. */
export const outboxViewSelect = {
  id: true,
  kind: true,
  status: true,
  attempts: true,
  recipient: true,
  lastError: true,
  lastAttemptAt: true,
  createdAt: true,
  sentAt: true,
  nextAttemptAt: true,
} as const;

export function createOutboxRepository(prisma: PrismaClient): OutboxRepository {
  return {
    async enqueue({ kind, dedupeKey, orderId, payload }) {
      const { count } = await prisma.outboxMessage.createMany({
        data: [{ kind, dedupeKey, orderId, payload: payload as Prisma.InputJsonObject }],
        skipDuplicates: true,
      });
      return count === 1;
    },

    async claim({ workerId, limit, leaseMs }) {
      const rows = await prisma.$queryRaw<
        { id: string; kind: string; order_id: string | null; payload: unknown; attempts: number; created_at: Date }[]
      >`
        UPDATE outbox_messages AS o
           SET attempts = o.attempts + 1, locked_by = ${workerId},
               locked_until = now() + ${leaseMs} * interval '1 millisecond'
          FROM (
            SELECT d.id FROM outbox_messages AS d
             WHERE d.status IN ('pending', 'failed') AND d.next_attempt_at <= now()
               AND (d.locked_until IS NULL OR d.locked_until < now())
             ORDER BY d.next_attempt_at, d.created_at
             LIMIT ${limit}
             FOR UPDATE SKIP LOCKED
          ) AS due
         WHERE o.id = due.id
        RETURNING o.id::text AS id, o.kind, o.order_id::text AS order_id, o.payload, o.attempts, o.created_at`;
      return rows
        .map((row) => ({
          id: row.id,
          kind: row.kind,
          orderId: row.order_id,
          payload: row.payload,
          attempts: Number(row.attempts),
          createdAt: new Date(row.created_at),
          lockedBy: workerId,
        }))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    },

    async record(message, outcome) {
      const { count } = await prisma.outboxMessage.updateMany({
        where: {
          id: message.id,
          lockedBy: message.lockedBy,
          attempts: message.attempts,
          status: { in: ['pending', 'failed'] },
        },
        data: {
          status: outcome.status,
          recipient: outcome.recipient,
          lockedBy: null,
          lockedUntil: null,
          lastAttemptAt: new Date(),
          ...(outcome.status === 'sent'
            ? { sentAt: new Date(), lastError: null }
            : { lastError: outcome.error.slice(0, 2000) }),
          ...(outcome.status === 'failed' ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
        },
      });
      return count === 1;
    },

    async replay(id) {
      const { count } = await prisma.outboxMessage.updateMany({
        // Not a failed row a worker holds right now (its send in flight): freeing it would let another send it too.
        where: {
          id,
          status: { in: ['dead', 'failed'] },
          OR: [{ lockedUntil: null }, { lockedUntil: { lt: new Date() } }],
        },
        data: { status: 'pending', attempts: 0, nextAttemptAt: new Date(), lockedBy: null, lockedUntil: null },
      });
      if (count === 1) return 'replayed';
      return (await prisma.outboxMessage.count({ where: { id } })) ? 'not_replayable' : 'not_found';
    },

    async listForOrder(orderId) {
      return prisma.outboxMessage.findMany({
        where: { orderId },
        select: outboxViewSelect,
        orderBy: { createdAt: 'asc' },
      });
    },

    async list({ status, limit }) {
      return prisma.outboxMessage.findMany({
        where: status ? { status } : {},
        select: { ...outboxViewSelect, orderId: true },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
      });
    },

    async order(orderId) {
      const order = await prisma.order.findUnique({
        where: { id: orderId },
        select: {
          id: true,
          email: true,
          locale: true,
          status: true,
          currency: true,
          amount: true,
          amountRefunded: true,
          createdAt: true,
          items: { select: { name: true, quantity: true, unitAmount: true }, orderBy: { name: 'asc' } },
        },
      });
      return order;
    },

    async adminEmails() {
      const admins = await prisma.staffUser.findMany({
        where: { role: 'admin', active: true },
        select: { email: true },
        orderBy: { email: 'asc' },
      });
      return admins.map((admin) => admin.email);
    },
  };
}
