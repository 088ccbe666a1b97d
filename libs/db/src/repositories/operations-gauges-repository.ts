import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import { BACKLOG_WEBHOOK_EVENT_STATUSES } from '@storepay/payments-core';

/** What the metrics' gauges show, read at each scrape: the same in every process, since it is the database's. */
export interface OperationsGaugeFigures {
  /** Unfinished inbox events (received, processing, failed), the oldest one's arrival, and dead events. */
  inbox: { backlog: number; oldestReceivedAt: Date | null; dead: number };
  /** Refunds waiting for a second admin, and since when the oldest waits; pending refunds Stripe has not had yet. */
  refunds: { awaitingApproval: number; oldestAwaitingSince: Date | null; unsent: number };
  /** Outbox messages not sent yet (retrying included), the oldest one's creation, and those out of attempts (dead). */
  outbox: { pending: number; oldestPendingSince: Date | null; failed: number };
  /** When the last successful reconciliation run finished (null: none yet). */
  reconciliation: { lastSucceededAt: Date | null };
}

export interface OperationsGaugesRepository {
  /** One statement; each figure an index range on (status, created/received time), whatever the tables' sizes. */
  read(): Promise<OperationsGaugeFigures>;
}

interface GaugeRow {
  backlog: number;
  oldest_received: Date | null;
  dead: number;
  awaiting: number;
  oldest_awaiting: Date | null;
  unsent: number;
  outbox_pending: number;
  oldest_pending: Date | null;
  outbox_failed: number;
  last_reconciled: Date | null;
}

export function createOperationsGaugesRepository(prisma: PrismaClient): OperationsGaugesRepository {
  const backlogStatuses = Prisma.join(
    BACKLOG_WEBHOOK_EVENT_STATUSES.map((status) => Prisma.sql`${status}::"WebhookEventStatus"`),
  );
  return {
    async read() {
      const [row] = await prisma.$queryRaw<GaugeRow[]>`
        SELECT
          (SELECT count(*)::int FROM webhook_events WHERE status IN (${backlogStatuses})) AS backlog,
          (SELECT min(received_at) FROM webhook_events WHERE status IN (${backlogStatuses})) AS oldest_received,
          (SELECT count(*)::int FROM webhook_events WHERE status = 'dead') AS dead,
          (SELECT count(*)::int FROM refunds WHERE status = 'awaiting_approval') AS awaiting,
          (SELECT min(created_at) FROM refunds WHERE status = 'awaiting_approval') AS oldest_awaiting,
          (SELECT count(*)::int FROM refunds WHERE status = 'pending' AND stripe_refund_id IS NULL) AS unsent,
          (SELECT count(*)::int FROM outbox_messages WHERE status IN ('pending', 'failed')) AS outbox_pending,
          (SELECT min(created_at) FROM outbox_messages WHERE status IN ('pending', 'failed')) AS oldest_pending,
          (SELECT count(*)::int FROM outbox_messages WHERE status = 'dead') AS outbox_failed,
          (SELECT finished_at FROM reconciliation_runs WHERE status = 'succeeded'
           ORDER BY started_at DESC LIMIT 1) AS last_reconciled`;
      const figures = row!;
      return {
        inbox: { backlog: figures.backlog, oldestReceivedAt: figures.oldest_received, dead: figures.dead },
        refunds: {
          awaitingApproval: figures.awaiting,
          oldestAwaitingSince: figures.oldest_awaiting,
          unsent: figures.unsent,
        },
        outbox: {
          pending: figures.outbox_pending,
          oldestPendingSince: figures.oldest_pending,
          failed: figures.outbox_failed,
        },
        reconciliation: { lastSucceededAt: figures.last_reconciled },
      };
    },
  };
}
