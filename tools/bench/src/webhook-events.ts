// Pure helpers of the webhooks benchmark: Stripe event envelopes shaped like the ones the handlers read, the burst's
// mixed event sequences, and the final state an ordered replay of them leaves.
import {
  canMoveOrderStatus,
  eventPosition,
  isNewerEvent,
  orderStatusForPaymentIntent,
  type EventPosition,
  type OrderStatus,
  type PaymentIntentStatus,
} from '@storepay/payments-core';
import {
  PAYMENT_INTENT_EVENT_TYPES,
  stripeCharge,
  stripeEvent,
  stripePaymentIntent,
} from '@storepay/payments-core/testing';

export const AMOUNT = 4200;

/** A Stripe event as the benchmark delivers it (built with the shared test kit). */
export type StripeEvent = ReturnType<typeof stripeEvent>;

export interface BenchPayment {
  orderId: string;
  paymentIntentId: string;
  chargeId: string;
}

const testPaymentOf = (payment: BenchPayment) => ({ ...payment, amount: AMOUNT, currency: 'usd' });

export function paymentIntentEvent(
  id: string,
  payment: BenchPayment,
  status: PaymentIntentStatus,
  created: number,
): StripeEvent {
  if (status === 'requires_confirmation') throw new Error(`no event type for ${status}`);
  const object = stripePaymentIntent(testPaymentOf(payment), status, {
    latest_charge: status === 'succeeded' ? payment.chargeId : null,
  });
  return stripeEvent(PAYMENT_INTENT_EVENT_TYPES[status], object, { id, created });
}

export function chargeSucceededEvent(id: string, payment: BenchPayment, created: number): StripeEvent {
  return stripeEvent('charge.succeeded', stripeCharge(testPaymentOf(payment)), { id, created });
}

/** A deterministic pseudo-random generator (mulberry32), so a run's shuffle can be reproduced. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export type Ending = 'succeeded' | 'failed' | 'canceled';
const ENDINGS: Ending[] = ['succeeded', 'succeeded', 'failed', 'canceled'];

/**
 * One payment's events in the order Stripe created them, `count` of them (at least 2): failed attempts
 * (requires_action, payment_failed, …) and then its ending: succeeded (processing, then payment_intent.succeeded and
 * charge.succeeded in the same second), failed (the last payment_failed), or canceled.
 */
export function paymentSequence(
  payment: BenchPayment,
  ending: Ending,
  count: number,
  startSeconds: number,
  eventId: () => string,
): StripeEvent[] {
  const tail: PaymentIntentStatus[] =
    ending === 'succeeded' ? ['processing', 'succeeded'] : ending === 'canceled' ? ['canceled'] : [];
  const tailCount = ending === 'succeeded' ? 3 : tail.length;
  const frontCount = Math.max(ending === 'failed' ? 2 : 1, count - tailCount);
  const statuses: PaymentIntentStatus[] = [];
  // The attempts end on payment_failed for a failed payment: requires_action / payment_failed alternate from the
  // right parity.
  const offset = ending === 'failed' ? frontCount % 2 : 0;
  for (let i = 0; i < frontCount; i++) {
    statuses.push((i + offset) % 2 === 0 ? 'requires_action' : 'requires_payment_method');
  }
  statuses.push(...tail);
  const events: StripeEvent[] = [];
  let second = startSeconds;
  for (const status of statuses) {
    events.push(paymentIntentEvent(eventId(), payment, status, second));
    if (status === 'succeeded') events.push(chargeSucceededEvent(eventId(), payment, second));
    second += 1;
  }
  return events;
}

export interface Burst {
  payments: BenchPayment[];
  /** Every distinct event, per payment in the order Stripe created them. */
  ordered: Map<string, StripeEvent[]>;
  /** What is delivered: the distinct events plus the duplicates, shuffled. */
  deliveries: StripeEvent[];
  distinctEvents: number;
  duplicates: number;
}

/**
 * `totalEvents` deliveries for `paymentCount` payments: `duplicateShare` of them repeat an earlier event (same id,
 * same body), the rest are distinct, spread evenly over the payments; shuffled with `seed`.
 */
export function buildBurst(options: {
  totalEvents: number;
  paymentCount: number;
  duplicateShare: number;
  seed: number;
  startSeconds: number;
  payment: (index: number) => BenchPayment;
  eventId: () => string;
}): Burst {
  const random = seededRandom(options.seed);
  const duplicates = Math.round(options.totalEvents * options.duplicateShare);
  const distinctTarget = options.totalEvents - duplicates;
  const payments = Array.from({ length: options.paymentCount }, (_, i) => options.payment(i));
  const ordered = new Map<string, StripeEvent[]>();
  const all: StripeEvent[] = [];
  payments.forEach((payment, i) => {
    const share = Math.floor(distinctTarget / payments.length) + (i < distinctTarget % payments.length ? 1 : 0);
    const events = paymentSequence(
      payment,
      ENDINGS[i % ENDINGS.length]!,
      Math.max(2, share),
      options.startSeconds,
      options.eventId,
    );
    ordered.set(payment.paymentIntentId, events);
    all.push(...events);
  });
  const repeats = Array.from({ length: duplicates }, () => all[Math.floor(random() * all.length)]!);
  return {
    payments,
    ordered,
    deliveries: shuffle([...all, ...repeats], random),
    distinctEvents: all.length,
    duplicates,
  };
}

export interface ExpectedState {
  paymentStatus: PaymentIntentStatus;
  orderStatus: OrderStatus;
  /** The card's last four digits once a charge.succeeded was applied, else null. */
  cardLast4: string | null;
  /** How many fulfilments (order.paid outbox rows) the order has: 1 once paid. */
  fulfilments: number;
}

/**
 * The state an ordered replay of one payment's events leaves, following the documented rules: a PaymentIntent
 * event applies only if its position (terminal, created, status rank, id) is newer than the last applied one; the
 * order then moves only where `canMoveOrderStatus` allows; charge.succeeded records the card; becoming paid records
 * one fulfilment.
 */
export function expectedFinalState(
  events: readonly StripeEvent[],
  initial: { paymentStatus: PaymentIntentStatus; orderStatus: OrderStatus } = {
    paymentStatus: 'requires_payment_method',
    orderStatus: 'pending',
  },
): ExpectedState {
  let paymentStatus = initial.paymentStatus;
  let orderStatus = initial.orderStatus;
  let last: EventPosition | null = null;
  let cardLast4: string | null = null;
  let fulfilments = 0;
  for (const event of events) {
    const object = event.data.object;
    if (event.type === 'charge.succeeded') {
      const details = object.payment_method_details as { card?: { last4?: string } } | undefined;
      cardLast4 = details?.card?.last4 ?? cardLast4;
      continue;
    }
    if (!event.type.startsWith('payment_intent.')) continue;
    const status = object.status as PaymentIntentStatus;
    const position = eventPosition(status, event.created * 1000, event.id);
    if (!isNewerEvent(position, last)) continue;
    last = position;
    paymentStatus = status;
    const next = orderStatusForPaymentIntent(status, object.last_payment_error != null);
    if (canMoveOrderStatus(orderStatus, next)) orderStatus = next;
    if (orderStatus === 'paid') fulfilments = 1;
  }
  return { paymentStatus, orderStatus, cardLast4, fulfilments };
}

/** Percentile (nearest rank) of an unsorted list; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}
