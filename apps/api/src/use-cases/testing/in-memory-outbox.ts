import type { ClaimedOutboxMessage, OrderForNotification, OutboxOutcome, OutboxRepository } from '@storepay/db';
import type { Clock } from '../ports';

interface Row {
  id: string;
  kind: string;
  orderId: string | null;
  payload: unknown;
  status: 'pending' | 'sent' | 'failed' | 'dead';
  attempts: number;
  nextAttemptAt: number;
  lockedBy: string | null;
  lockedUntil: number | null;
  lastError: string | null;
  recipient: string | null;
  createdAt: number;
}

/** The outbox as OutboxRepository promises it (claims with a lease, fenced records), on the given clock. */
export function inMemoryOutbox(clock: Clock) {
  const rows: Row[] = [];
  const orders = new Map<string, OrderForNotification>();
  const admins: string[] = [];
  let next = 0;
  const keys = new Set<string>();
  const repository: Pick<OutboxRepository, 'claim' | 'record' | 'order' | 'adminEmails' | 'replay' | 'enqueue'> = {
    async enqueue({ kind, dedupeKey, orderId, payload }) {
      if (keys.has(dedupeKey)) return false;
      keys.add(dedupeKey);
      add(kind, orderId, payload);
      return true;
    },
    async claim({ workerId, limit, leaseMs }) {
      const now = clock.now().getTime();
      const due = rows
        .filter(
          (row) =>
            (row.status === 'pending' || row.status === 'failed') &&
            row.nextAttemptAt <= now &&
            (row.lockedUntil === null || row.lockedUntil < now),
        )
        .slice(0, limit);
      return due.map((row): ClaimedOutboxMessage => {
        row.attempts += 1;
        row.lockedBy = workerId;
        row.lockedUntil = now + leaseMs;
        return {
          id: row.id,
          kind: row.kind,
          orderId: row.orderId,
          payload: row.payload,
          attempts: row.attempts,
          createdAt: new Date(row.createdAt),
          lockedBy: workerId,
        };
      });
    },
    async record(message, outcome: OutboxOutcome) {
      const row = rows.find((each) => each.id === message.id);
      if (!row || row.lockedBy !== message.lockedBy || row.attempts !== message.attempts) return false;
      if (row.status !== 'pending' && row.status !== 'failed') return false;
      row.status = outcome.status;
      row.recipient = outcome.recipient;
      row.lockedBy = null;
      row.lockedUntil = null;
      row.lastError = outcome.status === 'sent' ? null : outcome.error;
      if (outcome.status === 'failed') row.nextAttemptAt = outcome.nextAttemptAt.getTime();
      return true;
    },
    async replay(id) {
      const row = rows.find((each) => each.id === id);
      if (!row) return 'not_found';
      const held = row.lockedUntil !== null && row.lockedUntil >= clock.now().getTime();
      if ((row.status !== 'dead' && row.status !== 'failed') || held) return 'not_replayable';
      Object.assign(row, { status: 'pending', attempts: 0, nextAttemptAt: clock.now().getTime(), lockedBy: null });
      return 'replayed';
    },
    order: async (id) => orders.get(id) ?? null,
    adminEmails: async () => [...admins],
  };
  function add(kind: string, orderId: string | null, payload: Record<string, unknown> = {}) {
    const row: Row = {
      id: `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`,
      kind,
      orderId,
      payload,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: clock.now().getTime(),
      lockedBy: null,
      lockedUntil: null,
      lastError: null,
      recipient: null,
      createdAt: clock.now().getTime(),
    };
    rows.push(row);
    return row;
  }
  return { repository, rows, orders, admins, add };
}
