import { randomInt } from 'node:crypto';
import type Stripe from 'stripe';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { RequestContext, StoredObject } from '../state';
import { update } from '../state';
import { stripeErrors } from '../wire/errors';
import { newId } from '../wire/ids';
import { listMatching } from '../wire/list';
import { allowOnly, int, mergeMetadata, oneOf, str, type Params } from '../wire/params';
import { defineRoute } from '../wire/router';
import { getCharge, type ChargeObject } from './charge-store';
import { hasOpenDispute } from './disputes';
import { formatAmount } from './currencies';
import { settleEarlyFraudWarnings } from './early-fraud-warnings';
import { closeReviewOf } from './reviews';
import { cardFor } from './test-cards';

export type RefundObject = Stripe.Refund & StoredObject;

/** How long a refund stays `pending` before it settles (or fails, for the refund-failure test card). */
export const refundTiming = { settleMs: 50 };

const CREATE_PARAMS = ['charge', 'payment_intent', 'amount', 'reason', 'metadata', 'instructions_email'];
const NOT_EMULATED: Record<string, string> = {
  origin: 'Customer-balance refunds',
  currency: 'Customer-balance refunds',
  customer: 'Customer-balance refunds',
  refund_application_fee: 'Connect application fee refunds',
  reverse_transfer: 'Connect transfer reversals',
};

const REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;
const FAILURE_REASONS = [
  'lost_or_stolen_card',
  'expired_or_canceled_card',
  'charge_for_pending_refund_disputed',
  'insufficient_funds',
  'declined',
  'merchant_request',
  'unknown',
] as const;
export type RefundFailureReason = (typeof FAILURE_REASONS)[number];

export function getRefund(emulator: Emulator, id: string, param = 'refund'): RefundObject {
  const refund = emulator.store.get<RefundObject>(id, 'refund');
  if (!refund) throw stripeErrors.missing('refund', id, param);
  return refund;
}

/** The charge a refund request names: `charge`, or the latest successful charge of `payment_intent`. */
function chargeToRefund(emulator: Emulator, params: Params): ChargeObject {
  const chargeId = str(params, 'charge');
  const paymentIntentId = str(params, 'payment_intent');
  if (!chargeId && !paymentIntentId) {
    throw stripeErrors.invalidRequest(
      'One of the following params should be provided for this request: payment_intent or charge.',
    );
  }
  if (paymentIntentId) {
    const paymentIntent = emulator.store.get<Stripe.PaymentIntent & StoredObject>(paymentIntentId, 'payment_intent');
    if (!paymentIntent) throw stripeErrors.missing('payment_intent', paymentIntentId, 'payment_intent');
    const latest = typeof paymentIntent.latest_charge === 'string' ? paymentIntent.latest_charge : null;
    const charge = latest ? getCharge(emulator, latest) : null;
    if (!charge || charge.status !== 'succeeded') {
      throw stripeErrors.invalidRequest(
        `This PaymentIntent (${paymentIntentId}) does not have a successful charge to refund.`,
        undefined,
        { param: 'payment_intent' },
      );
    }
    if (chargeId && chargeId !== charge.id) {
      throw stripeErrors.invalidRequest(
        `The charge ${chargeId} does not belong to the PaymentIntent ${paymentIntentId}.`,
        undefined,
        { param: 'charge' },
      );
    }
    return charge;
  }
  const charge = getCharge(emulator, chargeId!);
  if (charge.status !== 'succeeded') {
    throw stripeErrors.invalidRequest(
      `Charge ${charge.id} has status ${charge.status} and cannot be refunded.`,
      'charge_not_refundable',
      {
        param: 'charge',
      },
    );
  }
  return charge;
}

function settle(emulator: Emulator, refund: RefundObject): void {
  const charge = getCharge(emulator, refund.charge as string);
  const failure = charge._testCard ? cardFor(charge._testCard).refundFailure : undefined;
  if (failure) {
    failRefund(emulator, refund.id, failure);
    return;
  }
  const previous = update(refund, {
    status: 'succeeded',
    destination_details: referenceAvailable(refund.destination_details),
  });
  delete refund.pending_reason;
  emulator.events.emit(null, 'refund.updated', refund, previous);
  emulator.events.emit(null, 'charge.refund.updated', refund, previous);
}

function referenceAvailable(details: Stripe.Refund.DestinationDetails | undefined) {
  return details?.card ? { ...details, card: { ...details.card, reference_status: 'available' } } : details;
}

function scheduleSettle(emulator: Emulator, refund: RefundObject): void {
  setTimeout(() => {
    if (emulator.store.get(refund.id) === refund && refund.status === 'pending') settle(emulator, refund);
  }, refundTiming.settleMs).unref();
}

/** Puts a refund's amount back on its charge (the refund failed or was canceled) and emits `charge.updated`. */
function restoreChargeAmount(emulator: Emulator, refund: RefundObject, ctx: RequestContext | null): void {
  const charge = getCharge(emulator, refund.charge as string);
  const amountRefunded = charge.amount_refunded - refund.amount;
  const previous = update(charge, { amount_refunded: amountRefunded, refunded: amountRefunded >= charge.amount });
  if (Object.keys(previous).length > 0) emulator.events.emit(ctx, 'charge.updated', charge, previous);
}

/**
 * Fails a pending (or already succeeded) refund, as the card network may do: status `failed` with
 * `failure_reason`, the amount goes back on the charge. Emits refund.updated, refund.failed, charge.refund.updated
 * and charge.updated. The control API exposes this.
 */
export function failRefund(
  emulator: Emulator,
  refundId: string,
  reason: RefundFailureReason = 'unknown',
): RefundObject {
  const refund = getRefund(emulator, refundId, 'id');
  if (!FAILURE_REASONS.includes(reason)) {
    throw stripeErrors.invalidParam(
      'failure_reason',
      `Invalid failure_reason: must be one of ${FAILURE_REASONS.join(', ')}`,
    );
  }
  if (refund.status !== 'pending' && refund.status !== 'succeeded') {
    throw stripeErrors.invalidRequest(
      `Refund ${refund.id} has status ${refund.status}; only a pending or succeeded refund can fail.`,
    );
  }
  const previous = update(refund, { status: 'failed', failure_reason: reason });
  delete refund.pending_reason;
  emulator.events.emit(null, 'refund.updated', refund, previous);
  emulator.events.emit(null, 'refund.failed', refund, previous);
  emulator.events.emit(null, 'charge.refund.updated', refund, previous);
  restoreChargeAmount(emulator, refund, null);
  return refund;
}

function createRefund(emulator: Emulator, params: Params, ctx: RequestContext): RefundObject {
  const charge = chargeToRefund(emulator, params);
  const reason = oneOf(params, 'reason', REASONS) ?? null;
  if (!charge.captured) {
    throw stripeErrors.invalidRequest(
      `Charge ${charge.id} has not been captured. Cancel its PaymentIntent to release the authorization instead of refunding it.`,
      'charge_not_refundable',
    );
  }
  if (hasOpenDispute(emulator, charge.id)) {
    throw stripeErrors.invalidRequest(
      `Charge ${charge.id} has been charged back; cannot issue a refund.`,
      'charge_disputed',
    );
  }
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) {
    throw stripeErrors.invalidRequest(`Charge ${charge.id} has already been refunded.`, 'charge_already_refunded');
  }
  const amount = int(params, 'amount') ?? remaining;
  if (amount < 1) throw stripeErrors.invalidParam('amount', 'Invalid positive integer', 'parameter_invalid_integer');
  if (amount > remaining) {
    throw stripeErrors.invalidRequest(
      `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
      undefined,
      { param: 'amount' },
    );
  }
  const refund: Stripe.Refund = {
    id: newId('re'),
    object: 'refund',
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: emulator.clock.now(),
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    // A card refund carries the acquirer's reference; a SEPA refund is a credit transfer back, with none.
    ...(charge.payment_method_details?.type === 'card'
      ? {
          destination_details: {
            card: {
              reference: Array.from({ length: 23 }, () => randomInt(10)).join(''),
              reference_status: 'pending',
              reference_type: 'acquirer_reference_number',
              type: 'refund',
            },
            type: 'card',
          },
        }
      : {}),
    metadata: mergeMetadata({}, params),
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    pending_reason: 'processing',
    reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'pending',
    transfer_reversal: null,
  };
  const instructionsEmail = str(params, 'instructions_email');
  if (instructionsEmail) refund.instructions_email = instructionsEmail;
  const stored = emulator.store.insert(refund as RefundObject);
  const refunded = charge.amount_refunded + amount;
  const previous = update(charge, { amount_refunded: refunded, refunded: refunded >= charge.amount });
  emulator.events.emit(ctx, 'refund.created', stored);
  emulator.events.emit(ctx, 'charge.refunded', charge, previous);
  if (charge.refunded) {
    // Refunded in full: Radar closes the charge's review, and its early fraud warnings are no longer actionable.
    closeReviewOf(emulator, ctx, charge, reason === 'fraudulent' ? 'refunded_as_fraud' : 'refunded');
    settleEarlyFraudWarnings(emulator, ctx, charge);
  }
  scheduleSettle(emulator, stored);
  return stored;
}

/** Refunds: create (by charge or payment_intent, full or partial), retrieve, update metadata, cancel, list. */
export function registerRefunds(app: FastifyInstance, emulator: Emulator): void {
  for (const refund of emulator.store.list<RefundObject>('refund')) {
    if (refund.status === 'pending') scheduleSettle(emulator, refund);
  }

  defineRoute(app, emulator, 'POST', '/v1/refunds', ({ params, ctx }) => {
    allowOnly(params, [...CREATE_PARAMS, ...Object.keys(NOT_EMULATED)]);
    for (const [name, what] of Object.entries(NOT_EMULATED)) {
      if (params[name] !== undefined) {
        throw stripeErrors.invalidParam(
          name,
          `${what} (\`${name}\`) are not emulated (see tools/stripe-emulator/README.md).`,
        );
      }
    }
    return createRefund(emulator, params, ctx);
  });

  defineRoute(app, emulator, 'GET', '/v1/refunds/:id', ({ path }) => getRefund(emulator, path.id!, 'id'));

  defineRoute(app, emulator, 'POST', '/v1/refunds/:id', ({ params, path, ctx }) => {
    allowOnly(params, ['metadata']);
    const refund = getRefund(emulator, path.id!, 'id');
    const previous = update(refund, { metadata: mergeMetadata(refund.metadata ?? {}, params) });
    if (Object.keys(previous).length > 0) emulator.events.emit(ctx, 'refund.updated', refund, previous);
    return refund;
  });

  defineRoute(app, emulator, 'POST', '/v1/refunds/:id/cancel', ({ params, path, ctx }) => {
    allowOnly(params, []);
    const refund = getRefund(emulator, path.id!, 'id');
    if (refund.status !== 'pending') {
      throw stripeErrors.invalidRequest(
        `Refund ${refund.id} cannot be canceled because it has a status of ${refund.status}. Only a pending refund can be canceled.`,
      );
    }
    const previous = update(refund, { status: 'canceled' });
    delete refund.pending_reason;
    emulator.events.emit(ctx, 'refund.updated', refund, previous);
    emulator.events.emit(ctx, 'charge.refund.updated', refund, previous);
    restoreChargeAmount(emulator, refund, ctx);
    return refund;
  });

  defineRoute(app, emulator, 'GET', '/v1/refunds', ({ params, url }) => {
    allowOnly(params, ['limit', 'starting_after', 'ending_before', 'created', 'charge', 'payment_intent']);
    return listMatching(emulator.store.list<RefundObject>('refund'), params, url, ['charge', 'payment_intent']);
  });
}
