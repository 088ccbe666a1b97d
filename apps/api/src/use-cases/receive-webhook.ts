import type { WebhookInboxRepository } from '@storepay/db';
import {
  err,
  ok,
  stripPersonalData,
  webhookEventFacts,
  type Result,
  type WebhookRejectionReason,
} from '@storepay/payments-core';
import { verifyStripeWebhook } from '@storepay/payments-core/server';
import type { RefusalOf } from './refusals';

/** Counts refused deliveries by reason; the counts reach the database in batches (see webhooks/rejection-counter). */
export interface RejectionCounter {
  count(reason: WebhookRejectionReason): void;
}

export interface ReceiveWebhookPorts {
  webhookInbox: Pick<WebhookInboxRepository, 'insert'>;
  rejections: RejectionCounter;
  /** Every accepted signing secret right now (several while rotating; demo mode adds the emulator's once known). */
  webhookSecrets: () => readonly string[];
  toleranceSeconds: number;
}

export type ReceiveWebhookRefusal = RefusalOf<'webhook_rejected' | 'webhooks_not_configured'>;

/**
 * Counts a refused delivery by its reason (never its body or a secret) and answers the refusal. Counting costs no
 * database write per request, so a flood of forged deliveries cannot turn into a flood of rows or writes.
 */
export function refuseWebhook(
  ports: Pick<ReceiveWebhookPorts, 'rejections'>,
  reason: WebhookRejectionReason,
): Result<never, ReceiveWebhookRefusal> {
  ports.rejections.count(reason);
  return err({ kind: 'webhook_rejected', reason });
}

/**
 * A delivery from Stripe: the signature is verified on the exact bytes received, and the event goes into the inbox
 * keyed by its Stripe id (a repeat is a no-op) as received; it is applied later by the workers. Types the pipeline
 * does not handle are stored as ignored, stripped of personal data.
 */
export async function receiveWebhook(
  ports: ReceiveWebhookPorts,
  { rawBody, signature }: { rawBody: Buffer; signature: string | undefined },
): Promise<Result<{ duplicate: boolean; type: string }, ReceiveWebhookRefusal>> {
  const secrets = ports.webhookSecrets();
  if (secrets.length === 0) return err({ kind: 'webhooks_not_configured' });
  const verified = verifyStripeWebhook(rawBody, signature, secrets, ports.toleranceSeconds);
  if (!verified.ok) return refuseWebhook(ports, verified.error);
  const { handled, ...facts } = webhookEventFacts(verified.value);
  const { inserted } = await ports.webhookInbox.insert({
    ...facts,
    // A type we never act on keeps no personal data (a Customer's deletion after an erasure names the person).
    payload: handled ? rawBody.toString('utf8') : stripPersonalData(verified.value),
    source: 'webhook',
    status: handled ? 'received' : 'ignored',
  });
  return ok({ duplicate: !inserted, type: facts.type });
}
