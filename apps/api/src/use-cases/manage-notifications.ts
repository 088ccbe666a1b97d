import type { Actor, AuditRepository, OutboxMessageStatus, OutboxRepository } from '@storepay/db';
import { err, ok, type Result } from '@storepay/payments-core';
import { notificationLabel } from './deliver-notifications';
import { auditBy } from './ports';
import { notFound, type NotFound, type RefusalOf } from './refusals';
import { iso, maskRecipients } from './views';

/**
 * Sends a failed or dead notification again: due now, with a fresh attempt budget (it keeps its Message-ID, so a
 * receiver that did get it may drop the repeat). Audited.
 */
export async function replayNotification(
  ports: { outbox: Pick<OutboxRepository, 'replay'>; audit: Pick<AuditRepository, 'append'> },
  { id, actor }: { id: string; actor: Actor },
): Promise<Result<{ id: string }, NotFound | RefusalOf<'notification_not_replayable'>>> {
  const outcome = await ports.outbox.replay(id);
  if (outcome === 'not_found') return err(notFound('notification'));
  if (outcome === 'not_replayable') return err({ kind: 'notification_not_replayable' });
  await ports.audit.append(
    auditBy(actor, { action: 'notification.replayed', targetType: 'notification', targetId: id, details: {} }),
  );
  return ok({ id });
}

/** The newest notifications, by status (the admin's list of what did not go out), recipients masked. */
export async function listNotifications(
  ports: { outbox: Pick<OutboxRepository, 'list'> },
  { status, limit }: { status?: OutboxMessageStatus; limit: number },
) {
  const rows = await ports.outbox.list({ status, limit });
  return rows.map((row) => ({
    id: row.id,
    orderId: row.orderId,
    kind: row.kind,
    label: notificationLabel(row.kind),
    status: row.status,
    attempts: row.attempts,
    recipient: maskRecipients(row.recipient),
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    lastAttemptAt: iso(row.lastAttemptAt),
    sentAt: iso(row.sentAt),
    nextAttemptAt: row.nextAttemptAt.toISOString(),
  }));
}
