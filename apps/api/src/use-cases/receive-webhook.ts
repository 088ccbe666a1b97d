import type { WebhookInboxRepository } from '@storepay/db';
import { err, ok, webhookEventFacts, type Result, type WebhookRejectionReason } from '@storepay/payments-core';
import { verifyStripeWebhook } from '@storepay/payments-core/server';
import type { Logger } from './ports';
import type { RefusalOf } from './refusals';

export interface ReceiveWebhookPorts {
  webhookInbox: Pick<WebhookInboxRepository, 'insert' | 'recordRejection'>;
  /** Every accepted signing secret right now (several while rotating; demo mode adds the emulator's once known). */
  webhookSecrets: () => readonly string[];
  toleranceSeconds: number;
  log: Logger;
}

export type ReceiveWebhookRefusal = RefusalOf<'webhook_rejected' | 'webhooks_not_configured'>;

/**
 * Counts a refused delivery by its reason (never its body or a secret) and answers the refusal. A failure to count
 * is logged, never turned into another answer.
 */
export async function refuseWebhook(
  ports: Pick<ReceiveWebhookPorts, 'webhookInbox' | 'log'>,
  reason: WebhookRejectionReason,
): Promise<Result<never, ReceiveWebhookRefusal>> {
  ports.log.warn({ reason }, 'refused a webhook delivery');
  try {
    await ports.webhookInbox.recordRejection(reason);
  } catch (error) {
    ports.log.error({ err: error, reason }, 'could not record a refused webhook delivery');
  }
  return err({ kind: 'webhook_rejected', reason });
}

/**
 * A delivery from Stripe: the signature is verified on the exact bytes received, and the event goes into the inbox
 * keyed by its Stripe id (a repeat is a no-op) as received; it is applied later by the workers. Types the pipeline
 * does not handle are stored as ignored.
 */
export async function receiveWebhook(
  ports: ReceiveWebhookPorts,
  { rawBody, signature }: { rawBody: Buffer; signature: string | undefined },
): Promise<Result<{ duplicate: boolean }, ReceiveWebhookRefusal>> {
  const secrets = ports.webhookSecrets();
  if (secrets.length === 0) return err({ kind: 'webhooks_not_configured' });
  const verified = verifyStripeWebhook(rawBody, signature, secrets, ports.toleranceSeconds);
  if (!verified.ok) return refuseWebhook(ports, verified.error);
  const { handled, ...facts } = webhookEventFacts(verified.value);
  const { inserted } = await ports.webhookInbox.insert({
    ...facts,
    payload: rawBody.toString('utf8'),
    source: 'webhook',
    status: handled ? 'received' : 'ignored',
  });
  return ok({ duplicate: !inserted });
}
