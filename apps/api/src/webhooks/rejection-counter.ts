import type { WebhookInboxRepository } from '@storepay/db';
import type { WebhookRejectionReason } from '@storepay/payments-core';
import type { Clock, Logger } from '../use-cases/ports';
import type { RejectionCounter } from '../use-cases/receive-webhook';

export interface BatchedRejectionCounter extends RejectionCounter {
  /** Writes the counts gathered so far (one upsert per minute and reason) and logs them once. */
  flush(): Promise<void>;
}

const MINUTE_MS = 60_000;

/**
 * Refused webhook deliveries, counted in memory per minute and reason and written in batches: a flood of forged
 * deliveries costs one row per minute and reason and one write per flush, never one per request. A failed write
 * keeps its counts for the next flush.
 */
export function createRejectionCounter(ports: {
  webhookInbox: Pick<WebhookInboxRepository, 'addRejectionCounts'>;
  clock: Clock;
  log: Logger;
}): BatchedRejectionCounter {
  let pending = new Map<string, { minute: Date; reason: WebhookRejectionReason; count: number }>();
  return {
    count(reason) {
      const minute = new Date(Math.floor(ports.clock.now().getTime() / MINUTE_MS) * MINUTE_MS);
      const key = `${minute.getTime()}|${reason}`;
      const entry = pending.get(key);
      if (entry) entry.count += 1;
      else pending.set(key, { minute, reason, count: 1 });
    },
    async flush() {
      if (pending.size === 0) return;
      const counts = [...pending.values()];
      pending = new Map();
      try {
        await ports.webhookInbox.addRejectionCounts(counts);
        const byReason: Record<string, number> = {};
        for (const { reason, count } of counts) byReason[reason] = (byReason[reason] ?? 0) + count;
        ports.log.warn({ rejected: byReason }, 'refused webhook deliveries');
      } catch (error) {
        for (const entry of counts) {
          const key = `${entry.minute.getTime()}|${entry.reason}`;
          const later = pending.get(key);
          pending.set(key, later ? { ...entry, count: entry.count + later.count } : entry);
        }
        ports.log.error({ err: error }, 'could not record refused webhook deliveries; will try again');
      }
    },
  };
}
