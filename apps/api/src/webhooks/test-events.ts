// Stripe events and the rows they concern, as tests need them (never imported by production code).
import { createRepositories, type ClaimedWebhookEvent, type ClaimOptions } from '@storepay/db';
import type { TestDatabase } from '@storepay/db/testing';
import { applyWebhookEvents, type ProcessingResult } from '../use-cases/apply-webhook-events';
import { systemClock } from '../use-cases/ports';

type Prisma = TestDatabase['prisma'];

/** A Stripe `created`, in seconds. */
export const T0 = 1_790_000_000;

export type PaymentIntentStatus =
  'requires_action' | 'requires_payment_method' | 'processing' | 'succeeded' | 'canceled';

export interface PaymentFixture {
  orderId: string;
  paymentIntentId: string;
  amount: number;
  currency: string;
}

let seq = 0;
export const nextId = (prefix: string) =>
  `${prefix}_${Date.now().toString(36)}${(seq++).toString(36).padStart(4, '0')}`;

export type StripeEnvelope = ReturnType<typeof envelope>;

/** A Stripe event envelope as Stripe sends it. */
export function envelope(id: string, type: string, created: number, object: Record<string, unknown>) {
  return { id, object: 'event', type, api_version: '2025-01-27.acacia', created, livemode: false, data: { object } };
}

export function paymentIntentObject(fixture: PaymentFixture, status: PaymentIntentStatus, chargeId: string | null) {
  const failed = status === 'requires_payment_method';
  return {
    id: fixture.paymentIntentId,
    object: 'payment_intent',
    status,
    amount: fixture.amount,
    amount_received: status === 'succeeded' ? fixture.amount : 0,
    amount_capturable: 0,
    currency: fixture.currency,
    metadata: { order_id: fixture.orderId },
    last_payment_error: failed
      ? {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'insufficient_funds',
          message: 'Your card has insufficient funds.',
        }
      : null,
    latest_charge: chargeId,
  };
}

const PAYMENT_INTENT_EVENT: Record<PaymentIntentStatus, string> = {
  requires_action: 'payment_intent.requires_action',
  requires_payment_method: 'payment_intent.payment_failed',
  processing: 'payment_intent.processing',
  succeeded: 'payment_intent.succeeded',
  canceled: 'payment_intent.canceled',
};

export const paymentIntentEvent = (
  fixture: PaymentFixture,
  status: PaymentIntentStatus,
  created: number,
  chargeId: string | null = null,
) => envelope(nextId('evt'), PAYMENT_INTENT_EVENT[status], created, paymentIntentObject(fixture, status, chargeId));

/** An order with its payment recorded at checkout, as the checkout route leaves them. */
export async function createPaymentFixture(
  prisma: Prisma,
  { amount = 4200, currency = 'usd', email = 'buyer@example.com' } = {},
): Promise<PaymentFixture> {
  const order = await prisma.order.create({ data: { currency, amount, email } });
  const paymentIntentId = nextId('pi');
  await prisma.payment.create({
    data: {
      orderId: order.id,
      stripePaymentIntentId: paymentIntentId,
      status: 'requires_payment_method',
      currency,
      amount,
      email,
    },
  });
  return { orderId: order.id, paymentIntentId, amount, currency };
}

/** Inserts an event into the inbox as the receive endpoint does; returns the inbox row's id. */
export async function insertInboxEvent(prisma: Prisma, event: StripeEnvelope, extra: Record<string, unknown> = {}) {
  const object = event.data.object;
  const row = await prisma.webhookEvent.create({
    data: {
      stripeEventId: event.id,
      type: event.type,
      apiVersion: event.api_version,
      objectId: object.id as string,
      paymentIntentId: (object.object === 'payment_intent' ? object.id : object.payment_intent) as string,
      stripeCreatedAt: new Date(event.created * 1000),
      payload: JSON.parse(JSON.stringify(event)),
      ...extra,
    },
    select: { id: true },
  });
  return row.id;
}

/** What a worker runs on, as the composition root wires it: the claim, and the `applyWebhookEvents` use case. */
export function workerPorts(
  db: TestDatabase,
  maxAttempts = 8,
): {
  claim: (options: ClaimOptions) => Promise<ClaimedWebhookEvent[]>;
  apply: (events: readonly ClaimedWebhookEvent[]) => Promise<ProcessingResult[]>;
} {
  const { paymentTransactions, webhookProcessing } = createRepositories(db);
  const ports = {
    paymentTransactions,
    webhookProcessing,
    clock: systemClock,
    retry: { maxAttempts, baseDelayMs: 1000, maxDelayMs: 60_000 },
  };
  return { claim: (options) => webhookProcessing.claim(options), apply: (events) => applyWebhookEvents(ports, events) };
}

/** Every order of `items`: for tests that deliver the same events in every possible order. */
export { permutations } from '@storepay/payments-core/testing';
