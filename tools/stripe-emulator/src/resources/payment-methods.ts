import type Stripe from 'stripe';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { RequestContext, StoredObject } from '../state';
import { update } from '../state';
import { StripeApiError, stripeErrors } from '../wire/errors';
import { newId } from '../wire/ids';
import { listMatching } from '../wire/list';
import { allowOnly, mergeMetadata, oneOf, record, requiredStr, str, type Params } from '../wire/params';
import { defineRoute } from '../wire/router';
import { getCustomer } from './customers';
import {
  TEST_CARDS,
  TEST_PAYMENT_METHODS,
  cardError,
  cardFor,
  declineFields,
  displayBrand,
  fingerprint,
  luhnValid,
  type CardBrand,
  type TestCard,
} from './test-cards';
import { normalizeIban } from '../stripe-js/assets/iban.js';
import { TEST_IBANS, invalidIbanError, sepaDebitDetails } from './sepa-debit';

export type PaymentMethodObject = Stripe.PaymentMethod &
  StoredObject & {
    /** The documented test card number this method behaves as (public numbers only), null for any other card. */
    _testCard: string | null;
    /** Authenticated for later payments (a SetupIntent, or a payment saved with 3D Secure, succeeded). */
    _setUp?: boolean;
    /** Used without a customer, or detached: Stripe refuses to use it again. */
    _consumed?: boolean;
    /** sepa_debit: the documented test IBAN this method behaves as (public IBANs only), null for any other. */
    _testIban?: string | null;
    /** sepa_debit: its multi-use mandate, once a payment saved it for later. */
    _mandate?: string;
  };

const RAW_CARD_DATA_MESSAGE =
  'Sending credit card numbers directly to the Stripe API is generally unsafe. We suggest you use test tokens that map to the test card you are using, see https://stripe.com/docs/testing. To enable testing raw card data APIs, see https://support.stripe.com/questions/enabling-access-to-raw-card-data-apis.';

const CONSUMED_MESSAGE =
  'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.';

const EMPTY_ADDRESS: Stripe.Address = {
  city: null,
  country: null,
  line1: null,
  line2: null,
  postal_code: null,
  state: null,
};

/** `billing_details[...]` parameters, merged over `current`. */
export function billingDetailsFrom(
  params: Params | undefined,
  current?: Stripe.PaymentMethod.BillingDetails,
): Stripe.PaymentMethod.BillingDetails {
  const base: Stripe.PaymentMethod.BillingDetails = current
    ? structuredClone(current)
    : { address: { ...EMPTY_ADDRESS }, email: null, name: null, phone: null, tax_id: null };
  if (!params) return base;
  allowOnly(params, ['address', 'email', 'name', 'phone', 'tax_id']);
  for (const key of ['email', 'name', 'phone', 'tax_id'] as const) {
    if (params[key] !== undefined) base[key] = str(params, key) || null;
  }
  const address = record(params, 'address');
  if (address) {
    allowOnly(address, Object.keys(EMPTY_ADDRESS));
    const next: Stripe.Address = { ...EMPTY_ADDRESS, ...(base.address ?? {}) };
    for (const key of Object.keys(EMPTY_ADDRESS) as (keyof Stripe.Address)[]) {
      if (address[key] !== undefined) next[key] = str(address, key) || null;
    }
    base.address = next;
  }
  return base;
}

function expiry(card: Params): { month: number; year: number } {
  const monthRaw = str(card, 'exp_month');
  const yearRaw = str(card, 'exp_year');
  if (monthRaw === undefined || monthRaw === '') throw stripeErrors.missingParam('card[exp_month]');
  if (yearRaw === undefined || yearRaw === '') throw stripeErrors.missingParam('card[exp_year]');
  const month = Number(monthRaw);
  if (!/^\d{1,2}$/.test(monthRaw) || month < 1 || month > 12) {
    throw cardError({
      code: 'invalid_expiry_month',
      message: "Your card's expiration month is invalid.",
      param: 'exp_month',
    });
  }
  let year = Number(yearRaw);
  if (!/^\d{2}$|^\d{4}$/.test(yearRaw)) {
    throw cardError({
      code: 'invalid_expiry_year',
      message: "Your card's expiration year is invalid.",
      param: 'exp_year',
    });
  }
  if (year < 100) year += 2000;
  const now = new Date();
  const thisYear = now.getUTCFullYear();
  if (year < thisYear || year > thisYear + 50) {
    throw cardError({
      code: 'invalid_expiry_year',
      message: "Your card's expiration year is invalid.",
      param: 'exp_year',
    });
  }
  if (year === thisYear && month < now.getUTCMonth() + 1) {
    throw cardError({
      code: 'invalid_expiry_month',
      message: "Your card's expiration month is invalid.",
      param: 'exp_month',
    });
  }
  return { month, year };
}

function cardDetails(
  testCard: TestCard,
  number: string,
  exp: { month: number; year: number },
  cvcGiven: boolean,
): Stripe.PaymentMethod.Card {
  return {
    brand: testCard.brand,
    checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: cvcGiven ? 'unchecked' : null },
    country: testCard.country,
    display_brand: displayBrand(testCard.brand),
    exp_month: exp.month,
    exp_year: exp.year,
    fingerprint: fingerprint(number),
    funding: testCard.funding,
    generated_from: null,
    last4: number.slice(-4),
    networks: { available: [testCard.brand], preferred: null },
    regulated_status: 'unregulated',
    three_d_secure_usage: { supported: true },
    wallet: null,
  };
}

function newPaymentMethod(
  emulator: Emulator,
  number: string,
  card: Stripe.PaymentMethod.Card,
  billingDetails: Stripe.PaymentMethod.BillingDetails,
  metadata: Record<string, string>,
  allowRedisplay: Stripe.PaymentMethod.AllowRedisplay = 'unspecified',
): PaymentMethodObject {
  const paymentMethod: Stripe.PaymentMethod = {
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: allowRedisplay,
    billing_details: billingDetails,
    card,
    created: emulator.clock.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata,
    type: 'card',
  };
  return emulator.store.insert({
    ...paymentMethod,
    _testCard: TEST_CARDS.has(number) ? number : null,
  });
}

/**
 * Creates a PaymentMethod from `type=card&card[...]&billing_details[...]` or `type=sepa_debit&sepa_debit[iban]=...`
 * (POST /v1/payment_methods, and `payment_method_data` on intents). Raw card numbers are accepted with publishable
 * keys only, as Stripe does.
 */
export function createPaymentMethod(emulator: Emulator, params: Params, ctx: RequestContext): PaymentMethodObject {
  const type = requiredStr(params, 'type');
  if (type === 'sepa_debit') return createSepaDebitPaymentMethod(emulator, params);
  if (type !== 'card') {
    throw stripeErrors.invalidParam(
      'type',
      `The payment method type \`${type}\` is not emulated; the emulator supports \`card\` and \`sepa_debit\` only (see tools/stripe-emulator/README.md).`,
      'payment_method_unsupported_type',
    );
  }
  if (params.sepa_debit !== undefined) throw stripeErrors.unknownParam('sepa_debit');
  const card = record(params, 'card');
  if (!card) throw stripeErrors.missingParam('card');
  allowOnly(card, ['number', 'exp_month', 'exp_year', 'cvc', 'networks', 'token']);
  if (card.networks !== undefined) {
    throw stripeErrors.invalidParam('card[networks]', 'Choosing a card network (co-badged cards) is not emulated.');
  }
  if (card.token !== undefined) {
    throw stripeErrors.invalidParam('card[token]', 'Card tokens (tok_...) are not emulated; use a PaymentMethod.');
  }
  if (ctx.keyType !== 'publishable') {
    throw new StripeApiError(402, { type: 'invalid_request_error', message: RAW_CARD_DATA_MESSAGE });
  }
  const rawNumber = str(card, 'number');
  if (rawNumber === undefined || rawNumber === '') throw stripeErrors.missingParam('card[number]');
  const number = rawNumber.replace(/[\s-]/g, '');
  if (!luhnValid(number)) {
    throw cardError({ code: 'incorrect_number', message: 'Your card number is incorrect.', param: 'number' });
  }
  const exp = expiry(card);
  const testCard = cardFor(number);
  const cvc = str(card, 'cvc');
  if (cvc !== undefined && cvc !== '') {
    const length = testCard.brand === 'amex' ? 4 : 3;
    if (!new RegExp(`^\\d{${length}}$`).test(cvc)) {
      throw cardError({ code: 'invalid_cvc', message: "Your card's security code is invalid.", param: 'cvc' });
    }
  }
  return newPaymentMethod(
    emulator,
    number,
    cardDetails(testCard, number, exp, Boolean(cvc)),
    billingDetailsFrom(record(params, 'billing_details')),
    mergeMetadata({}, params),
    oneOf(params, 'allow_redisplay', ['always', 'limited', 'unspecified']),
  );
}

/**
 * A SEPA Direct Debit PaymentMethod from `type=sepa_debit&sepa_debit[iban]=...` (secret or publishable key, as on
 * Stripe). The IBAN must be well-formed with a valid checksum; only what Stripe shows of it (bank and branch code,
 * country, last4, fingerprint) is kept. The name and email Stripe needs are checked when it is used.
 */
function createSepaDebitPaymentMethod(emulator: Emulator, params: Params): PaymentMethodObject {
  if (params.card !== undefined) throw stripeErrors.unknownParam('card');
  const sepa = record(params, 'sepa_debit');
  if (!sepa) throw stripeErrors.missingParam('sepa_debit[iban]');
  allowOnly(sepa, ['iban']);
  const raw = str(sepa, 'iban');
  if (raw === undefined || raw === '') throw stripeErrors.missingParam('sepa_debit[iban]');
  const iban = normalizeIban(raw);
  if (!iban) throw invalidIbanError();
  const paymentMethod: Stripe.PaymentMethod = {
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: oneOf(params, 'allow_redisplay', ['always', 'limited', 'unspecified']) ?? 'unspecified',
    billing_details: billingDetailsFrom(record(params, 'billing_details')),
    created: emulator.clock.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: mergeMetadata({}, params),
    sepa_debit: sepaDebitDetails(iban),
    type: 'sepa_debit',
  };
  return emulator.store.insert({ ...paymentMethod, _testCard: null, _testIban: TEST_IBANS.has(iban) ? iban : null });
}

/** A fresh PaymentMethod for a `pm_card_*` test id, as Stripe materialises one on every use. */
function materialise(emulator: Emulator, testId: string): PaymentMethodObject {
  const number = TEST_PAYMENT_METHODS[testId]!;
  const testCard = cardFor(number);
  const year = new Date().getUTCFullYear() + 1;
  return newPaymentMethod(
    emulator,
    number,
    cardDetails(testCard, number, { month: 12, year }, true),
    billingDetailsFrom(undefined),
    {},
  );
}

export function getPaymentMethod(emulator: Emulator, id: string, param = 'payment_method'): PaymentMethodObject {
  if (Object.hasOwn(TEST_PAYMENT_METHODS, id)) return materialise(emulator, id);
  const found = emulator.store.get<PaymentMethodObject>(id, 'payment_method');
  if (!found) throw stripeErrors.missing('PaymentMethod', id, param);
  return found;
}

/** How a PaymentMethod's card behaves: the documented test card, or a card that simply works. */
export function testCardOf(paymentMethod: PaymentMethodObject): TestCard {
  if (paymentMethod._testCard) return cardFor(paymentMethod._testCard);
  const card = paymentMethod.card!;
  return {
    number: `000000000000${card.last4}`,
    brand: card.brand as CardBrand,
    funding: card.funding as TestCard['funding'],
    country: card.country ?? 'US',
  };
}

/** Refuses a PaymentMethod that may not be used for an intent of `customer` (Stripe's reuse rules). */
export function assertUsableFor(
  paymentMethod: PaymentMethodObject,
  customer: string | null,
  param = 'payment_method',
): void {
  if (paymentMethod._consumed) throw stripeErrors.invalidRequest(CONSUMED_MESSAGE, undefined, { param });
  if (paymentMethod.customer && paymentMethod.customer !== customer) {
    throw stripeErrors.invalidRequest(
      customer
        ? `The provided PaymentMethod ${paymentMethod.id} belongs to a different Customer than ${customer}. Please use a PaymentMethod attached to this Customer.`
        : `The provided PaymentMethod ${paymentMethod.id} is attached to Customer ${typeof paymentMethod.customer === 'string' ? paymentMethod.customer : JSON.stringify(paymentMethod.customer)}. Please include the Customer in the \`customer\` parameter.`,
      undefined,
      { param },
    );
  }
}

/**
 * Attaches to a customer after the $0 verification Stripe runs: declining test cards fail here with their decline
 * (402). Emits `payment_method.attached`.
 */
export function attachPaymentMethod(
  emulator: Emulator,
  paymentMethod: PaymentMethodObject,
  customerId: string,
  ctx: RequestContext | null,
  options: { verify: boolean } = { verify: true },
): PaymentMethodObject {
  if (paymentMethod.customer === customerId) return paymentMethod;
  if (paymentMethod._consumed)
    throw stripeErrors.invalidRequest(CONSUMED_MESSAGE, undefined, { param: 'payment_method' });
  if (paymentMethod.customer) {
    throw stripeErrors.invalidRequest(
      'The payment method you provided has already been attached to a customer.',
      'payment_method_unexpected_state',
    );
  }
  const testCard = paymentMethod.type === 'card' ? testCardOf(paymentMethod) : null;
  if (options.verify && testCard?.decline && testCard.declineOnSetup !== false) {
    throw cardError(declineFields(testCard.decline), { payment_method: structuredClone(paymentMethod) });
  }
  update(paymentMethod, { customer: customerId });
  emulator.events.emit(ctx, 'payment_method.attached', paymentMethod);
  return paymentMethod;
}

function detachPaymentMethod(emulator: Emulator, paymentMethod: PaymentMethodObject, ctx: RequestContext): void {
  if (!paymentMethod.customer) {
    throw stripeErrors.invalidRequest(
      'The payment method you provided is not attached to a customer so detachment is impossible.',
      'payment_method_unexpected_state',
    );
  }
  const previous = update(paymentMethod, { customer: null });
  paymentMethod._consumed = true;
  emulator.events.emit(ctx, 'payment_method.detached', paymentMethod, previous);
}

function listFor(emulator: Emulator, params: Params, customer: string | undefined, url: string) {
  const all = emulator.store.list<PaymentMethodObject>('payment_method');
  const owned = customer ? all.filter((pm) => pm.customer === customer) : all;
  return listMatching(owned, params, url, ['type', 'allow_redisplay']);
}

const LIST_PARAMS = ['limit', 'starting_after', 'ending_before', 'created', 'type', 'allow_redisplay'];

/** PaymentMethods: create (Stripe.js, publishable key), retrieve, update, list, attach, detach. */
export function registerPaymentMethods(app: FastifyInstance, emulator: Emulator): void {
  defineRoute(
    app,
    emulator,
    'POST',
    '/v1/payment_methods',
    ({ params, ctx }) => {
      allowOnly(params, ['type', 'card', 'sepa_debit', 'billing_details', 'metadata', 'allow_redisplay']);
      return createPaymentMethod(emulator, params, ctx);
    },
    { publishable: true },
  );

  defineRoute(app, emulator, 'GET', '/v1/payment_methods/:id', ({ path }) =>
    getPaymentMethod(emulator, path.id!, 'id'),
  );

  defineRoute(app, emulator, 'POST', '/v1/payment_methods/:id', ({ params, path, ctx }) => {
    allowOnly(params, ['billing_details', 'metadata', 'card', 'allow_redisplay']);
    const paymentMethod = getPaymentMethod(emulator, path.id!, 'id');
    const changes: Record<string, unknown> = { metadata: mergeMetadata(paymentMethod.metadata ?? {}, params) };
    const billing = record(params, 'billing_details');
    if (billing) changes.billing_details = billingDetailsFrom(billing, paymentMethod.billing_details);
    const allowRedisplay = oneOf(params, 'allow_redisplay', ['always', 'limited', 'unspecified']);
    if (allowRedisplay) changes.allow_redisplay = allowRedisplay;
    const card = record(params, 'card');
    if (card && paymentMethod.type !== 'card') {
      throw stripeErrors.invalidParam('card', `A ${paymentMethod.type} PaymentMethod has no card to update.`);
    }
    if (card) {
      allowOnly(card, ['exp_month', 'exp_year', 'networks']);
      const current = paymentMethod.card!;
      const exp = expiry({
        exp_month: str(card, 'exp_month') ?? String(current.exp_month),
        exp_year: str(card, 'exp_year') ?? String(current.exp_year),
      });
      changes.card = { ...current, exp_month: exp.month, exp_year: exp.year };
    }
    const previous = update(paymentMethod, changes);
    if (Object.keys(previous).length > 0) emulator.events.emit(ctx, 'payment_method.updated', paymentMethod, previous);
    return paymentMethod;
  });

  defineRoute(app, emulator, 'GET', '/v1/payment_methods', ({ params, url }) => {
    allowOnly(params, [...LIST_PARAMS, 'customer']);
    const customer = str(params, 'customer');
    if (customer) getCustomer(emulator, customer);
    return listFor(emulator, params, customer, url);
  });

  defineRoute(app, emulator, 'GET', '/v1/customers/:id/payment_methods', ({ params, path, url }) => {
    allowOnly(params, LIST_PARAMS);
    const customer = getCustomer(emulator, path.id!, 'customer');
    return listFor(emulator, params, customer.id, url);
  });

  defineRoute(app, emulator, 'GET', '/v1/customers/:id/payment_methods/:pm', ({ path }) => {
    const customer = getCustomer(emulator, path.id!, 'customer');
    const paymentMethod = emulator.store.get<PaymentMethodObject>(path.pm!, 'payment_method');
    if (!paymentMethod || paymentMethod.customer !== customer.id) {
      throw stripeErrors.missing('PaymentMethod', path.pm!, 'payment_method');
    }
    return paymentMethod;
  });

  defineRoute(app, emulator, 'POST', '/v1/payment_methods/:id/attach', ({ params, path, ctx }) => {
    allowOnly(params, ['customer']);
    const customer = getCustomer(emulator, requiredStr(params, 'customer'));
    const paymentMethod = getPaymentMethod(emulator, path.id!, 'id');
    return attachPaymentMethod(emulator, paymentMethod, customer.id, ctx);
  });

  defineRoute(app, emulator, 'POST', '/v1/payment_methods/:id/detach', ({ params, path, ctx }) => {
    allowOnly(params, []);
    const paymentMethod = getPaymentMethod(emulator, path.id!, 'id');
    detachPaymentMethod(emulator, paymentMethod, ctx);
    return paymentMethod;
  });
}
