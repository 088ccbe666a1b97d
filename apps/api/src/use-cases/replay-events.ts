import type { Actor, ReplayOutcome, WebhookAdminRepository } from '@storepay/db';
import { err, ok, type Result } from '@storepay/payments-core';
import { auditBy } from './ports';
import { notFound, type NotFound, type RefusalOf } from './refusals';

export interface ReplayEventsPorts {
  webhookAdmin: Pick<WebhookAdminRepository, 'replay'>;
}

/**
 * Puts inbox events back to `received` with a fresh attempt budget, so the workers apply them again (the handlers
 * are idempotent and guarded: replaying a processed event changes nothing that is right). Events a worker holds
 * right now are skipped and reported, unknown ids too. The replay is audited in its own transaction.
 */
export function replayEvents(
  ports: ReplayEventsPorts,
  { ids, actor }: { ids: string[]; actor: Actor },
): Promise<ReplayOutcome> {
  return ports.webhookAdmin.replay(ids, (replayed) =>
    auditBy(actor, {
      action: 'webhook.replayed',
      targetType: 'webhook_event',
      targetId: replayed.length === 1 ? replayed[0] : null,
      details: { ids: replayed },
    }),
  );
}

/** Replays one event: refused when it does not exist or a worker holds it right now. */
export async function replayEvent(
  ports: ReplayEventsPorts,
  { id, actor }: { id: string; actor: Actor },
): Promise<Result<ReplayOutcome, NotFound | RefusalOf<'in_progress'>>> {
  const outcome = await replayEvents(ports, { ids: [id], actor });
  const skipped = outcome.skipped[0];
  if (skipped?.reason === 'not_found') return err(notFound('inbox event'));
  if (skipped?.reason === 'in_progress') return err({ kind: 'in_progress' });
  return ok(outcome);
}
