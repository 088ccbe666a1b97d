// Stripe events and the rows they concern, as the API's tests need them (never imported by production code). The
// Stripe objects come from the shared kit, @storepay/payments-core/testing; what is here is about our tables.
import { createRepositories, type ClaimedWebhookEvent, type ClaimOptions } from '@storepay/db';
import type { TestDatabase } from '@storepay/db/testing';
import {
  paymentIntentEvent as sharedPaymentIntentEvent,
  stripeEvent,
  stripePaymentIntent,
  testId,
  type TestPayment,
} from '@storepay/payments-core/testing';
import { applyWebhookEvents, type ProcessingResult } from '../use-cases/apply-webhook-events';
import { systemClock } from '../use-cases/ports';

type Prisma = TestDatabase['prisma'];

/** A Stripe `created`, in seconds. */
export const T0 = 1_790_000_000;

export type PaymentIntentStatus =
  'requires_action' | 'requires_payment_method' | 'processing' | 'succeeded' | 'canceled';

/** An order and its PaymentIntent in our tables (the shape of `TestPayment` of the shared kit). */
export type PaymentFixture = TestPayment;

export const nextId = testId;

export type StripeEnvelope = ReturnType<typeof stripeEvent>;

/** A Stripe event envelope as Stripe sends it (the shared kit's `stripeEvent`). */
export const envelope = (id: string, type: string, created: number, object: Record<string, unknown>) =>
  stripeEvent(type, object, { id, created });

/** A PaymentIntent in `status` whose latest charge is `chargeId`. */
export const paymentIntentObject = (fixture: PaymentFixture, status: PaymentIntentStatus, chargeId: string | null) =>
  stripePaymentIntent(fixture, status, { latest_charge: chargeId });

/** `payment_intent.<status>` for the fixture's PaymentIntent (the shared kit's builder, with its charge). */
export const paymentIntentEvent = (
  fixture: PaymentFixture,
  status: PaymentIntentStatus,
  created: number,
  chargeId: string | null = null,
) => sharedPaymentIntentEvent(fixture, status, created, { latest_charge: chargeId });

/** An order with its payment recorded at checkout, as the checkout route leaves them. */
export async function createPaymentFixture(
  prisma: Prisma,
  { amount = 4200, currency = 'usd', email = 'buyer@example.com' } = {},
): Promise<PaymentFixture> {
  const paymentIntentId = nextId('pi');
  // As checkout leaves it: the order records its PaymentIntent, the only one that may pay it.
  const order = await prisma.order.create({ data: { currency, amount, email, paymentIntentId } });
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
