import { randomInt, randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { RequestContext } from '../state';
import { update } from '../state';
import { stripeErrors } from '../wire/errors';
import { newId } from '../wire/ids';
import { listMatching } from '../wire/list';
import { allowOnly, mergeMetadata, record, str, type Params } from '../wire/params';
import { defineRoute } from '../wire/router';
import { getCharge, type ChargeObject } from './charge-store';
import { resumeIssuerActions } from './issuer-actions';
import type { PaymentMethodObject } from './payment-methods';
import { closeReviewOf, openReview } from './reviews';
import { outcomeFor, type CardDecline, type TestCard } from './test-cards';

/** What a card payment attempt needs to know about the intent it belongs to. */
export interface ChargeSource {
  id: string;
  amount: number;
  currency: string;
  customer: string | Stripe.Customer | Stripe.DeletedCustomer | null;
  description: string | null;
  metadata: Stripe.Metadata;
  receipt_email: string | null;
  shipping: Stripe.PaymentIntent.Shipping | null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  transfer_group: string | null;
}

export interface ChargeAttempt {
  source: ChargeSource;
  paymentMethod: PaymentMethodObject;
  testCard: TestCard;
  /** Capture now (automatic capture) or only authorize (manual capture). */
  capture: boolean;
  /** The issuer's answer: undefined authorizes, a decline fails the charge. */
  decline?: CardDecline;
  /** The attempt went through a 3D Secure challenge. */
  threeDSecure: boolean;
}

const DEFAULT_DESCRIPTOR = 'EMULATOR';

function cardDetails(attempt: ChargeAttempt, authorized: boolean): Stripe.Charge.PaymentMethodDetails.Card {
  const card = attempt.paymentMethod.card!;
  const cvcCheck = card.checks?.cvc_check ? (attempt.decline?.code === 'incorrect_cvc' ? 'fail' : 'pass') : null;
  const postalCode = attempt.paymentMethod.billing_details.address?.postal_code;
  const line1 = attempt.paymentMethod.billing_details.address?.line1;
  return {
    amount_authorized: authorized ? attempt.source.amount : null,
    authorization_code: authorized ? String(randomInt(100000, 999999)) : null,
    brand: card.brand,
    checks: {
      address_line1_check: line1 ? 'pass' : null,
      address_postal_code_check: postalCode ? 'pass' : null,
      cvc_check: cvcCheck,
    },
    country: card.country,
    electronic_commerce_indicator: attempt.threeDSecure ? '05' : null,
    exp_month: card.exp_month,
    exp_year: card.exp_year,
    extended_authorization: { status: 'disabled' },
    fingerprint: card.fingerprint ?? null,
    funding: card.funding,
    incremental_authorization: { status: 'unavailable' },
    installments: null,
    last4: card.last4,
    mandate: null,
    multicapture: { status: 'unavailable' },
    network: card.brand === 'unknown' ? null : card.brand,
    network_token: { used: false },
    network_transaction_id: authorized ? String(randomInt(100000000, 999999999)) + '0000000' : null,
    overcapture: { maximum_amount_capturable: attempt.source.amount, status: 'unavailable' },
    regulated_status: 'unregulated',
    three_d_secure: attempt.threeDSecure
      ? {
          authentication_flow: 'challenge',
          electronic_commerce_indicator: '05',
          exemption_indicator: null,
          result: 'authenticated',
          result_reason: null,
          transaction_id: randomUUID(),
          version: '2.2.0',
        }
      : null,
    transaction_link_id: null,
    wallet: null,
  };
}

/** What every charge of a PaymentIntent shares, whatever its payment method. */
function chargeBase(emulator: Emulator, source: ChargeSource, paymentMethod: PaymentMethodObject) {
  return {
    id: newId('ch'),
    object: 'charge' as const,
    amount: source.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: structuredClone(paymentMethod.billing_details),
    calculated_statement_descriptor: [
      source.statement_descriptor ?? DEFAULT_DESCRIPTOR,
      source.statement_descriptor_suffix,
    ]
      .filter(Boolean)
      .join('* ')
      .slice(0, 22),
    created: emulator.clock.now(),
    currency: source.currency,
    customer: typeof source.customer === 'string' || source.customer === null ? source.customer : source.customer.id,
    description: source.description,
    disputed: false,
    failure_balance_transaction: null,
    fraud_details: {},
    livemode: false,
    metadata: { ...source.metadata },
    on_behalf_of: null,
    payment_intent: source.id,
    payment_method: paymentMethod.id,
    radar_options: {},
    receipt_email: source.receipt_email,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: source.shipping ? structuredClone(source.shipping) : null,
    source: null,
    source_transfer: null,
    statement_descriptor: source.statement_descriptor,
    statement_descriptor_suffix: source.statement_descriptor_suffix,
    transfer_data: null,
    transfer_group: source.transfer_group,
  };
}

/**
 * Records one card payment attempt as a Charge (succeeded or failed) and emits `charge.succeeded` or
 * `charge.failed`. An elevated-risk card's charge is placed in review first (`review.opened`). What the card's
 * issuer does next (a dispute, an early fraud warning) is up to the caller, once the payment's own events are out.
 */
export function createCharge(emulator: Emulator, ctx: RequestContext | null, attempt: ChargeAttempt): ChargeObject {
  const { source, paymentMethod, decline } = attempt;
  const authorized = !decline;
  const captured = authorized && attempt.capture;
  const charge: Stripe.Charge = {
    ...chargeBase(emulator, source, paymentMethod),
    amount_captured: captured ? source.amount : 0,
    captured,
    failure_code: decline ? decline.code : null,
    failure_message: decline ? decline.message : null,
    outcome: outcomeFor({ ...attempt.testCard, decline }, authorized ? 'authorized' : 'declined'),
    paid: authorized,
    payment_method_details: { card: cardDetails(attempt, authorized), type: 'card' },
    status: authorized ? 'succeeded' : 'failed',
  };
  const stored = emulator.store.insert({ ...charge, _testCard: paymentMethod._testCard });
  if (authorized && attempt.testCard.risk === 'elevated') openReview(emulator, ctx, stored);
  emulator.events.emit(ctx, authorized ? 'charge.succeeded' : 'charge.failed', stored);
  return stored;
}

/**
 * Records a SEPA Direct Debit as a `pending` Charge (the debit is submitted; the bank answers days later) and emits
 * `charge.pending`.
 */
export function createSepaCharge(
  emulator: Emulator,
  ctx: RequestContext | null,
  { source, paymentMethod, mandate }: { source: ChargeSource; paymentMethod: PaymentMethodObject; mandate: string },
): ChargeObject {
  const sepa = paymentMethod.sepa_debit!;
  const charge: Stripe.Charge = {
    ...chargeBase(emulator, source, paymentMethod),
    amount_captured: source.amount,
    captured: true,
    failure_code: null,
    failure_message: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: 'approved_by_network',
      reason: null,
      risk_level: 'not_assessed',
      seller_message: 'Payment complete.',
      type: 'authorized',
    },
    paid: false,
    payment_method_details: {
      sepa_debit: {
        bank_code: sepa.bank_code,
        branch_code: sepa.branch_code,
        country: sepa.country,
        fingerprint: sepa.fingerprint,
        last4: sepa.last4,
        mandate,
      },
      type: 'sepa_debit',
    },
    status: 'pending',
  };
  const stored = emulator.store.insert({ ...charge, _testCard: null });
  emulator.events.emit(ctx, 'charge.pending', stored);
  return stored;
}

/** The bank's answer to a pending SEPA debit: `charge.succeeded`, or `charge.failed` with its failure code. */
export function settleSepaCharge(
  emulator: Emulator,
  charge: ChargeObject,
  failure: { code: string; message: string } | undefined,
): void {
  delete charge._settlesAt;
  if (!failure) {
    update(charge, { status: 'succeeded', paid: true });
    emulator.events.emit(null, 'charge.succeeded', charge);
    return;
  }
  update(charge, {
    status: 'failed',
    paid: false,
    captured: false,
    amount_captured: 0,
    failure_code: failure.code,
    failure_message: failure.message,
    outcome: {
      ...charge.outcome!,
      network_status: 'declined_by_network',
      reason: failure.code,
      seller_message: 'The bank declined this payment.',
      type: 'issuer_declined',
    },
  });
  emulator.events.emit(null, 'charge.failed', charge);
}

/**
 * Captures an authorized charge for `amount` (the rest of the authorization is released, shown as refunded). The
 * caller runs the issuer's actions once the PaymentIntent's own event is out.
 */
export function captureCharge(
  emulator: Emulator,
  ctx: RequestContext | null,
  charge: ChargeObject,
  amount: number,
): ChargeObject {
  const previous = update(charge, {
    captured: true,
    amount_captured: amount,
    amount_refunded: charge.amount - amount,
  });
  emulator.events.emit(ctx, 'charge.captured', charge, previous);
  return charge;
}

/**
 * Releases an uncaptured authorization (its PaymentIntent was canceled): the whole amount shows as refunded, and
 * an open review closes as `canceled`.
 */
export function releaseCharge(emulator: Emulator, ctx: RequestContext | null, charge: ChargeObject): void {
  const previous = update(charge, { amount_refunded: charge.amount, refunded: true });
  if (Object.keys(previous).length > 0) emulator.events.emit(ctx, 'charge.refunded', charge, previous);
  closeReviewOf(emulator, ctx, charge, 'canceled');
}

function updateCharge(emulator: Emulator, charge: ChargeObject, params: Params, ctx: RequestContext): ChargeObject {
  const changes: Record<string, unknown> = { metadata: mergeMetadata(charge.metadata, params) };
  if (params.description !== undefined) changes.description = str(params, 'description') || null;
  if (params.receipt_email !== undefined) changes.receipt_email = str(params, 'receipt_email') || null;
  const fraud = record(params, 'fraud_details');
  if (fraud) {
    allowOnly(fraud, ['user_report']);
    const report = str(fraud, 'user_report');
    if (report && report !== 'fraudulent' && report !== 'safe') {
      throw stripeErrors.invalidParam(
        'fraud_details[user_report]',
        'Invalid user_report: must be one of fraudulent, safe',
      );
    }
    changes.fraud_details = report ? { ...charge.fraud_details, user_report: report } : {};
  }
  const shipping = record(params, 'shipping');
  if (shipping) changes.shipping = shippingFrom(shipping);
  const previous = update(charge, changes);
  if (Object.keys(previous).length > 0) emulator.events.emit(ctx, 'charge.updated', charge, previous);
  return charge;
}

/** `shipping[name|phone|carrier|tracking_number|address[...]]`, as PaymentIntents and Charges take it. */
export function shippingFrom(shipping: Params): Stripe.PaymentIntent.Shipping {
  allowOnly(shipping, ['name', 'phone', 'carrier', 'tracking_number', 'address']);
  const name = str(shipping, 'name');
  if (!name) throw stripeErrors.missingParam('shipping[name]');
  const address = record(shipping, 'address');
  if (!address) throw stripeErrors.missingParam('shipping[address]');
  allowOnly(address, ['city', 'country', 'line1', 'line2', 'postal_code', 'state']);
  const field = (key: string) => str(address, key) || null;
  return {
    address: {
      city: field('city'),
      country: field('country'),
      line1: field('line1'),
      line2: field('line2'),
      postal_code: field('postal_code'),
      state: field('state'),
    },
    carrier: str(shipping, 'carrier') || null,
    name,
    phone: str(shipping, 'phone') || null,
    tracking_number: str(shipping, 'tracking_number') || null,
  };
}

/** Charges: created by confirming PaymentIntents; retrieve, update, list. */
export function registerCharges(app: FastifyInstance, emulator: Emulator): void {
  resumeIssuerActions(emulator);

  defineRoute(app, emulator, 'GET', '/v1/charges/:id', ({ path }) => getCharge(emulator, path.id!, 'id'));

  defineRoute(app, emulator, 'POST', '/v1/charges/:id', ({ params, path, ctx }) => {
    allowOnly(params, ['description', 'metadata', 'receipt_email', 'fraud_details', 'shipping']);
    return updateCharge(emulator, getCharge(emulator, path.id!, 'id'), params, ctx);
  });

  defineRoute(app, emulator, 'GET', '/v1/charges', ({ params, url }) => {
    allowOnly(params, [
      'limit',
      'starting_after',
      'ending_before',
      'created',
      'customer',
      'payment_intent',
      'transfer_group',
    ]);
    return listMatching(emulator.store.list<ChargeObject>('charge'), params, url, [
      'customer',
      'payment_intent',
      'transfer_group',
    ]);
  });

  defineRoute(app, emulator, 'POST', '/v1/charges', () => {
    throw stripeErrors.invalidRequest(
      'Creating Charges directly is not emulated: create and confirm a PaymentIntent instead (see tools/stripe-emulator/README.md).',
    );
  });
}
