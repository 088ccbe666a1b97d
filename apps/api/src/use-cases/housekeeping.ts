import type { CustomerRepository, StaffRepository, WebhookInboxRepository } from '@storepay/db';
import type { Clock } from './ports';

/** Ended sessions are kept this long (the audit log keeps who signed in when, for good). */
export const ENDED_SESSION_RETENTION_MS = 7 * 24 * 3600_000;
/** Counts of refused webhook deliveries are kept this long (webhook health looks back 7 days at most). */
export const REJECTION_COUNT_RETENTION_MS = 30 * 24 * 3600_000;

/** Shoppers' sign-in links and sessions are kept this long after they expired or ended (none of them works then). */
export const ENDED_SHOPPER_RECORD_RETENTION_MS = 24 * 3600_000;

/**
 * Deletes what only grows: staff sessions that ended a while ago, shoppers' expired sign-in links and ended sessions,
 * and old counts of refused deliveries.
 */
export async function pruneRecords(ports: {
  staff: Pick<StaffRepository, 'pruneSessions'>;
  customers: Pick<CustomerRepository, 'prune'>;
  webhookInbox: Pick<WebhookInboxRepository, 'pruneRejectionCounts'>;
  clock: Clock;
}): Promise<{ sessions: number; rejectionCounts: number; signInTokens: number; shopperSessions: number }> {
  const now = ports.clock.now().getTime();
  const [sessions, rejectionCounts, shoppers] = await Promise.all([
    ports.staff.pruneSessions(new Date(now - ENDED_SESSION_RETENTION_MS)),
    ports.webhookInbox.pruneRejectionCounts(new Date(now - REJECTION_COUNT_RETENTION_MS)),
    ports.customers.prune(new Date(now - ENDED_SHOPPER_RECORD_RETENTION_MS)),
  ]);
  return { sessions, rejectionCounts, signInTokens: shoppers.signInTokens, shopperSessions: shoppers.sessions };
}
