import type Stripe from 'stripe';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { RequestContext, StoredObject } from '../state';
import { update } from '../state';
import { StripeApiError, stripeErrors } from '../wire/errors';
import { stripInternal } from '../wire/expand';
import { newClientSecret, newId } from '../wire/ids';
import { matchesCreated, paginate } from '../wire/list';
import { allowOnly, bool, int, mergeMetadata, oneOf, record, requiredInt, str, type Params } from '../wire/params';
import { defineRoute } from '../wire/router';
import { getCharge } from './charge-store';
import { captureCharge, createCharge, createSepaCharge, releaseCharge, shippingFrom } from './charges';
import { runIssuerActions } from './issuer-actions';
import { createSepaMandate, parseMandateData, type CustomerAcceptance } from './mandates';
import { sepaOutcomeOf, settlementDelaySeconds } from './sepa-debit';
import { resumeSepaSettlements, scheduleSepaSettlement } from './sepa-settlement';
import { getCustomer } from './customers';
import {
  assertUsableFor,
  attachPaymentMethod,
  getPaymentMethod,
  testCardOf,
  type PaymentMethodObject,
} from './payment-methods';
import { parseCurrency, validateAmount } from './currencies';
import {
  assertConfirmable,
  confirmingPaymentMethod,
  docUrl,
  needsThreeDS,
  parsePaymentMethodTypes,
  parseReturnUrl,
  paymentMethodFrom,
  present,
  publishableFieldsOf,
  threeDSNextAction,
  touchesPaymentMethodTypes,
  TYPE_PARAMS,
  unexpectedState,
  registerIntentRoutes,
  verifyClientSecret,
} from './intent-shared';
import { search } from './search-query';
import { authenticateSetupIntent } from './setup-intents';
import { cardError, declineFields, type CardDecline, type TestCard } from './test-cards';

export type PaymentIntentObject = Stripe.PaymentIntent &
  StoredObject & {
    /** `return_url` of the last confirmation (Stripe does not show it on the object). */
    _returnUrl: string | null;
  };

/** `payment_method_options[card][...]`: 3D Secure requests and per-method capture/saving. */
function cardOptions(params: Params, current: Stripe.PaymentIntent.PaymentMethodOptions | null) {
  const options = record(params, 'payment_method_options');
  if (!options) return current;
  allowOnly(options, ['card']);
  const card = record(options, 'card');
  if (!card) return current;
  allowOnly(card, ['request_three_d_secure', 'capture_method', 'setup_future_usage', 'network', 'cvc_token', 'moto']);
  for (const unsupported of ['network', 'cvc_token', 'moto']) {
    if (card[unsupported] !== undefined) {
      throw stripeErrors.invalidParam(`payment_method_options[card][${unsupported}]`, 'This option is not emulated.');
    }
  }
  const previous = current?.card ?? defaultCardOptions();
  const next: Stripe.PaymentIntent.PaymentMethodOptions.Card = { ...previous };
  const threeDS = oneOf(card, 'request_three_d_secure', ['any', 'automatic', 'challenge']);
  if (threeDS) next.request_three_d_secure = threeDS;
  const captureMethod = oneOf(card, 'capture_method', ['manual']);
  if (captureMethod) next.capture_method = captureMethod;
  const setupFutureUsage = oneOf(card, 'setup_future_usage', ['none', 'off_session', 'on_session']);
  if (setupFutureUsage) next.setup_future_usage = setupFutureUsage;
  return { ...current, card: next };
}

function defaultCardOptions(): Stripe.PaymentIntent.PaymentMethodOptions.Card {
  return { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' };
}

function parseEmail(params: Params, name: string): string | null | undefined {
  const email = str(params, name);
  if (email === undefined) return undefined;
  if (email === '') return null;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw stripeErrors.invalidParam(name, `Invalid email address: ${email}`, 'email_invalid');
  }
  return email;
}

function parseDescriptor(params: Params, name: string): string | null | undefined {
  const value = str(params, name);
  if (value === undefined) return undefined;
  if (value.length > 22) throw stripeErrors.invalidParam(name, `${name} must be at most 22 characters.`);
  if (/[<>\\'"*]/.test(value)) throw stripeErrors.invalidParam(name, `${name} cannot contain < > \\ ' " *`);
  return value || null;
}

// ---------------------------------------------------------------------------------------------------------------
// PaymentIntents

export function getPaymentIntent(emulator: Emulator, id: string, param = 'intent'): PaymentIntentObject {
  const found = emulator.store.get<PaymentIntentObject>(id, 'payment_intent');
  if (!found) throw stripeErrors.missing('payment_intent', id, param);
  return found;
}

/** The statuses Stripe names in its refusal; `processing` is among them, but a submitted SEPA debit cannot be canceled. */
const CANCELABLE = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];
const CANCELABLE_HERE = CANCELABLE.filter((status) => status !== 'processing');
const UPDATABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

const NOT_EMULATED = [
  'amount_to_confirm',
  'application_fee_amount',
  'on_behalf_of',
  'transfer_data',
  'customer_account',
  'confirmation_token',
  'mandate',
  'payment_details',
  'amount_details',
  'hooks',
  'managed_payments',
];

function rejectNotEmulated(params: Params): void {
  for (const name of NOT_EMULATED) {
    if (params[name] !== undefined) {
      throw stripeErrors.invalidParam(name, `\`${name}\` is not emulated (see tools/stripe-emulator/README.md).`);
    }
  }
}

const customerId = (intent: { customer: unknown }): string | null =>
  typeof intent.customer === 'string' ? intent.customer : null;

/** Records a settled card attempt on the intent: charge, status, events; a decline answers 402 like Stripe. */
function settleAttempt(
  emulator: Emulator,
  intent: PaymentIntentObject,
  paymentMethod: PaymentMethodObject,
  testCard: TestCard,
  ctx: RequestContext | null,
  outcome: { decline?: CardDecline; threeDSecure: boolean },
): PaymentIntentObject {
  const capture =
    intent.capture_method !== 'manual' && intent.payment_method_options?.card?.capture_method !== 'manual';
  const charge = createCharge(emulator, ctx, {
    source: intent,
    paymentMethod,
    testCard,
    capture,
    decline: outcome.decline,
    threeDSecure: outcome.threeDSecure,
  });
  const customer = customerId(intent);
  if (outcome.decline) {
    const snapshot = stripInternal(structuredClone(paymentMethod));
    if (!paymentMethod.customer) paymentMethod._consumed = true;
    const fields = declineFields(outcome.decline);
    const { advice_code: adviceCode, ...errorFields } = fields;
    const lastError: Stripe.PaymentIntent.LastPaymentError = {
      ...(adviceCode ? { advice_code: adviceCode } : {}),
      charge: charge.id,
      ...errorFields,
      doc_url: docUrl(fields.code),
      payment_method: snapshot,
      type: 'card_error',
    };
    update(intent, {
      status: 'requires_payment_method',
      payment_method: null,
      latest_charge: charge.id,
      last_payment_error: lastError,
      next_action: null,
    });
    emulator.events.emit(ctx, 'payment_intent.payment_failed', intent);
    throw cardError(fields, { payment_intent: present(intent, ctx), payment_method: snapshot, charge: charge.id });
  }
  const setupFutureUsage = intent.setup_future_usage ?? intent.payment_method_options?.card?.setup_future_usage;
  if (setupFutureUsage && setupFutureUsage !== 'none' && customer) {
    attachPaymentMethod(emulator, paymentMethod, customer, ctx, { verify: false });
    paymentMethod._setUp = true;
  } else if (!paymentMethod.customer) {
    paymentMethod._consumed = true;
  }
  const common = {
    payment_method: paymentMethod.id,
    latest_charge: charge.id,
    last_payment_error: null,
    next_action: null,
    review: charge.review,
  };
  if (capture) {
    update(intent, { ...common, status: 'succeeded', amount_received: intent.amount, amount_capturable: 0 });
    emulator.events.emit(ctx, 'payment_intent.succeeded', intent);
    runIssuerActions(emulator, charge);
  } else {
    update(intent, { ...common, status: 'requires_capture', amount_capturable: intent.amount });
    emulator.events.emit(ctx, 'payment_intent.amount_capturable_updated', intent);
  }
  return intent;
}

/** The issuer's answer to an attempt that needed 3D Secure but could not have it (off-session). */
const AUTHENTICATION_REQUIRED: CardDecline = {
  code: 'authentication_required',
  declineCode: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
  adviceCode: null,
  networkStatus: 'declined_by_network',
  type: 'issuer_declined',
  reason: 'authentication_required',
  sellerMessage: 'The bank returned the decline code `authentication_required`.',
  riskLevel: 'normal',
  riskScore: 24,
};

interface ConfirmOptions {
  offSession: boolean;
  errorOnRequiresAction: boolean;
  /** `mandate_data[customer_acceptance]` of the confirmation, if sent. */
  acceptance?: CustomerAcceptance;
}

const MANDATE_REQUIRED =
  'This PaymentIntent requires a mandate, but no existing mandate was found. Collect mandate acceptance from the customer and try again, providing acceptance data in the mandate_data parameter.';

/** Stripe needs the account holder's name and email to debit a SEPA account; it checks them at confirmation. */
function assertSepaBillingDetails(paymentMethod: PaymentMethodObject): void {
  const { name, email } = paymentMethod.billing_details;
  if (!name) throw stripeErrors.missingParam('billing_details[name]');
  if (name.trim().length < 3 || name.length > 100) {
    throw stripeErrors.invalidRequest(
      'The name provided in billing_details must have between 3 and 100 characters.',
      'invalid_owner_name',
      { param: 'billing_details[name]' },
    );
  }
  if (!email) throw stripeErrors.missingParam('billing_details[email]');
}

/**
 * A SEPA Direct Debit: the mandate is recorded (or the PaymentMethod's multi-use one reused), the debit submitted
 * as a pending charge, and the PaymentIntent waits in `processing` until the bank answers (scheduled on the
 * emulator's clock). Emits `charge.pending` and `payment_intent.processing`.
 */
function sepaAttempt(
  emulator: Emulator,
  intent: PaymentIntentObject,
  paymentMethod: PaymentMethodObject,
  ctx: RequestContext,
  host: string,
  options: ConfirmOptions,
): PaymentIntentObject {
  const shown = () => present(intent, ctx);
  if (intent.currency !== 'eur') {
    throw stripeErrors.invalidRequest(
      `The currency provided (${intent.currency}) is invalid. Payments with sepa_debit support the following currencies: eur.`,
      'payment_intent_invalid_parameter',
      { param: 'currency', payment_intent: shown() },
    );
  }
  if (intent.capture_method === 'manual') {
    throw stripeErrors.invalidRequest(
      'The payment method type `sepa_debit` does not support manual capture: use `capture_method=automatic` or `automatic_async`.',
      'payment_intent_invalid_parameter',
      { param: 'capture_method', payment_intent: shown() },
    );
  }
  assertSepaBillingDetails(paymentMethod);
  const customer = customerId(intent);
  const setupFutureUsage = intent.setup_future_usage;
  const saving = Boolean(setupFutureUsage && customer);
  let mandate = paymentMethod.customer && paymentMethod.customer === customer ? paymentMethod._mandate : undefined;
  if (options.acceptance) {
    mandate = createSepaMandate(
      emulator,
      host,
      paymentMethod.id,
      options.acceptance,
      saving ? { multi: true } : { multi: false, amount: intent.amount, currency: intent.currency },
    ).id;
  }
  if (!mandate) {
    throw stripeErrors.invalidRequest(MANDATE_REQUIRED, 'payment_intent_invalid_parameter', {
      param: 'mandate_data',
      payment_intent: shown(),
    });
  }
  const charge = createSepaCharge(emulator, ctx, { source: intent, paymentMethod, mandate });
  if (saving) {
    attachPaymentMethod(emulator, paymentMethod, customer!, ctx, { verify: false });
    paymentMethod._mandate = mandate;
  } else if (!paymentMethod.customer) {
    paymentMethod._consumed = true;
  }
  update(intent, {
    status: 'processing',
    payment_method: paymentMethod.id,
    latest_charge: charge.id,
    last_payment_error: null,
    next_action: null,
  });
  emulator.events.emit(ctx, 'payment_intent.processing', intent);
  scheduleSepaSettlement(emulator, charge, settlementDelaySeconds(sepaOutcomeOf(paymentMethod._testIban)));
  return intent;
}

function attempt(
  emulator: Emulator,
  intent: PaymentIntentObject,
  paymentMethod: PaymentMethodObject,
  ctx: RequestContext,
  host: string,
  options: ConfirmOptions,
): PaymentIntentObject {
  if (paymentMethod.type === 'sepa_debit') return sepaAttempt(emulator, intent, paymentMethod, ctx, host, options);
  const testCard = testCardOf(paymentMethod);
  if (needsThreeDS(testCard, paymentMethod, intent.payment_method_options?.card?.request_three_d_secure)) {
    if (options.offSession || options.errorOnRequiresAction) {
      return settleAttempt(emulator, intent, paymentMethod, testCard, ctx, {
        decline: AUTHENTICATION_REQUIRED,
        threeDSecure: false,
      });
    }
    update(intent, {
      status: 'requires_action',
      payment_method: paymentMethod.id,
      last_payment_error: null,
      next_action: threeDSNextAction(host, intent),
    });
    emulator.events.emit(ctx, 'payment_intent.requires_action', intent);
    return intent;
  }
  return settleAttempt(emulator, intent, paymentMethod, testCard, ctx, {
    decline: testCard.decline,
    threeDSecure: false,
  });
}

/** Fields both update and confirm accept. Returns the changes (not yet applied). */
function intentChanges(emulator: Emulator, intent: PaymentIntentObject, params: Params, ctx: RequestContext) {
  const changes: Record<string, unknown> = {};
  const paymentMethod = paymentMethodFrom(emulator, params, ctx);
  if (paymentMethod) changes.payment_method = paymentMethod.id;
  const receiptEmail = parseEmail(params, 'receipt_email');
  if (receiptEmail !== undefined) changes.receipt_email = receiptEmail;
  if (params.setup_future_usage !== undefined) {
    changes.setup_future_usage =
      str(params, 'setup_future_usage') === ''
        ? null
        : oneOf(params, 'setup_future_usage', ['off_session', 'on_session']);
  }
  if (params.shipping !== undefined) {
    const shipping = record(params, 'shipping');
    changes.shipping = shipping ? shippingFrom(shipping) : null;
  }
  const captureMethod = oneOf(params, 'capture_method', ['automatic', 'automatic_async', 'manual']);
  if (captureMethod) changes.capture_method = captureMethod;
  if (params.payment_method_options !== undefined) {
    changes.payment_method_options = cardOptions(params, intent.payment_method_options);
  }
  if (touchesPaymentMethodTypes(params)) {
    const currency = params.currency !== undefined ? parseCurrency(params) : intent.currency;
    const parsed = parsePaymentMethodTypes(params, { sepaDebit: true, currency });
    if (params.excluded_payment_method_types !== undefined) changes.excluded_payment_method_types = parsed.excluded;
    if (TYPE_PARAMS.some((name) => params[name] !== undefined)) {
      changes.payment_method_types = parsed.types;
      changes.automatic_payment_methods = parsed.automatic;
      changes.allowed_payment_method_types = parsed.allowed;
    }
  }
  return { changes, paymentMethod };
}

const CONFIRM_PARAMS = [
  'payment_method',
  'payment_method_data',
  'payment_method_options',
  'payment_method_types',
  'allowed_payment_method_types',
  'excluded_payment_method_types',
  'amount_to_confirm',
  'amount_details',
  'receipt_email',
  'setup_future_usage',
  'shipping',
  'return_url',
  'capture_method',
  'off_session',
  'error_on_requires_action',
  'use_stripe_sdk',
  'mandate_data',
  'radar_options',
  'expected_payment_method_type',
  'client_secret',
  'confirmation_token',
  'mandate',
  'payment_details',
  'hooks',
];

function parseOffSession(params: Params): boolean {
  const value = str(params, 'off_session');
  if (value === undefined) return false;
  if (!['true', 'false', 'one_off', 'recurring'].includes(value)) {
    throw stripeErrors.invalidParam('off_session', `Invalid off_session: ${value}`);
  }
  return value !== 'false';
}

/** POST /v1/payment_intents/:id/confirm (and `confirm=true` on create). */
export function confirmPaymentIntent(
  emulator: Emulator,
  intent: PaymentIntentObject,
  params: Params,
  ctx: RequestContext,
  host: string,
): PaymentIntentObject {
  allowOnly(params, CONFIRM_PARAMS);
  rejectNotEmulated(params);
  const shown = () => present(intent, ctx);
  assertConfirmable('PaymentIntent', intent.status, shown);
  if (ctx.keyType === 'publishable' && intent.confirmation_method === 'manual') {
    throw stripeErrors.invalidRequest(
      "This PaymentIntent's confirmation_method is set to manual, so it can only be confirmed with your secret key.",
      'payment_intent_invalid_parameter',
    );
  }
  const offSession = parseOffSession(params);
  const errorOnRequiresAction = bool(params, 'error_on_requires_action') ?? false;
  const returnUrl = parseReturnUrl(params);
  bool(params, 'use_stripe_sdk');
  const acceptance = parseMandateData(emulator, params, ctx);
  const { changes, paymentMethod } = intentChanges(emulator, intent, params, ctx);
  if (paymentMethod) assertUsableFor(paymentMethod, customerId(intent));
  update(intent, changes);
  if (returnUrl !== undefined) intent._returnUrl = returnUrl;
  const method = confirmingPaymentMethod(emulator, 'PaymentIntent', intent, paymentMethod, {
    ctx,
    offSession,
    customer: customerId(intent),
    shown,
  });
  return attempt(emulator, intent, method, ctx, host, { offSession, errorOnRequiresAction, acceptance });
}

const CREATE_PARAMS = [
  'amount',
  'currency',
  'automatic_payment_methods',
  'payment_method_types',
  'allowed_payment_method_types',
  'excluded_payment_method_types',
  'payment_method',
  'payment_method_data',
  'payment_method_options',
  'payment_method_configuration',
  'customer',
  'confirm',
  'capture_method',
  'confirmation_method',
  'metadata',
  'receipt_email',
  'description',
  'setup_future_usage',
  'return_url',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'shipping',
  'off_session',
  'error_on_requires_action',
  'use_stripe_sdk',
  'mandate_data',
  'radar_options',
  'transfer_group',
  ...NOT_EMULATED,
];

/** Params only the confirmation step reads; refused on create without `confirm=true`, as Stripe does. */
const CONFIRM_ONLY = ['off_session', 'error_on_requires_action', 'return_url', 'use_stripe_sdk', 'mandate_data'];

function createPaymentIntent(emulator: Emulator, params: Params, ctx: RequestContext, host: string) {
  allowOnly(params, CREATE_PARAMS);
  rejectNotEmulated(params);
  const amount = requiredInt(params, 'amount');
  const currency = parseCurrency(params);
  validateAmount(amount, currency);
  const confirm = bool(params, 'confirm') ?? false;
  if (!confirm) {
    for (const name of CONFIRM_ONLY) {
      if (params[name] !== undefined) {
        throw stripeErrors.invalidParam(name, `You can only pass \`${name}\` when \`confirm\` is true.`);
      }
    }
  }
  const { automatic, types, allowed, excluded } = parsePaymentMethodTypes(params, { sepaDebit: true, currency });
  const customer = str(params, 'customer');
  if (customer) getCustomer(emulator, customer);
  const secret = { id: newId('pi') };
  const paymentIntent: Stripe.PaymentIntent = {
    id: secret.id,
    object: 'payment_intent',
    allowed_payment_method_types: allowed,
    amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: automatic,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: oneOf(params, 'capture_method', ['automatic', 'automatic_async', 'manual']) ?? 'automatic_async',
    client_secret: newClientSecret(secret.id),
    confirmation_method: oneOf(params, 'confirmation_method', ['automatic', 'manual']) ?? 'automatic',
    created: emulator.clock.now(),
    currency,
    customer: customer ?? null,
    customer_account: null,
    description: str(params, 'description') || null,
    excluded_payment_method_types: excluded,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: mergeMetadata({}, params),
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: automatic ? { id: PAYMENT_METHOD_CONFIGURATION, parent: null } : null,
    payment_method_options: {
      ...cardOptions(params, { card: defaultCardOptions() }),
      ...(types.includes('sepa_debit') ? { sepa_debit: {} } : {}),
    },
    payment_method_types: types,
    payment_record: null,
    processing: null,
    receipt_email: parseEmail(params, 'receipt_email') ?? null,
    review: null,
    setup_future_usage: oneOf(params, 'setup_future_usage', ['off_session', 'on_session']) ?? null,
    shipping: record(params, 'shipping') ? shippingFrom(record(params, 'shipping')!) : null,
    source: null,
    statement_descriptor: parseDescriptor(params, 'statement_descriptor') ?? null,
    statement_descriptor_suffix: parseDescriptor(params, 'statement_descriptor_suffix') ?? null,
    status: 'requires_payment_method',
    transfer_data: null,
    transfer_group: str(params, 'transfer_group') || null,
  };
  const paymentMethod = paymentMethodFrom(emulator, params, ctx);
  if (paymentMethod) {
    assertUsableFor(paymentMethod, customer ?? null);
    paymentIntent.payment_method = paymentMethod.id;
    paymentIntent.status = 'requires_confirmation';
  }
  const stored = emulator.store.insert({ ...paymentIntent, _returnUrl: null });
  emulator.events.emit(ctx, 'payment_intent.created', stored);
  if (!confirm) return stored;
  const confirmParams: Params = {};
  for (const name of CONFIRM_ONLY) if (params[name] !== undefined) confirmParams[name] = params[name];
  return confirmPaymentIntent(emulator, stored, confirmParams, ctx, host);
}

/** Shared by every PaymentIntent created with automatic payment methods, like an account's default configuration. */
const PAYMENT_METHOD_CONFIGURATION = newId('pmc');

const ALWAYS_UPDATABLE = [
  'metadata',
  'description',
  'receipt_email',
  'shipping',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'transfer_group',
];

function updatePaymentIntent(emulator: Emulator, intent: PaymentIntentObject, params: Params, ctx: RequestContext) {
  allowOnly(params, [
    'amount',
    'currency',
    'customer',
    'description',
    'metadata',
    'payment_method',
    'payment_method_data',
    'payment_method_options',
    'payment_method_types',
    'allowed_payment_method_types',
    'excluded_payment_method_types',
    'automatic_payment_methods',
    'payment_method_configuration',
    'receipt_email',
    'setup_future_usage',
    'shipping',
    'statement_descriptor',
    'statement_descriptor_suffix',
    'capture_method',
    'transfer_group',
    ...NOT_EMULATED,
  ]);
  rejectNotEmulated(params);
  if (!UPDATABLE.includes(intent.status)) {
    const locked = Object.keys(params).find((name) => !ALWAYS_UPDATABLE.includes(name));
    if (locked) {
      throw unexpectedState(
        'PaymentIntent',
        `This PaymentIntent's ${locked} could not be updated because it has a status of ${intent.status}. You may only update the ${locked} of a PaymentIntent with one of the following statuses: ${UPDATABLE.join(', ')}.`,
        present(intent, ctx),
      );
    }
  }
  const { changes, paymentMethod } = intentChanges(emulator, intent, params, ctx);
  const currency = params.currency !== undefined ? parseCurrency(params) : intent.currency;
  const amount = int(params, 'amount') ?? intent.amount;
  if (params.amount !== undefined || params.currency !== undefined) {
    validateAmount(amount, currency);
    changes.amount = amount;
    changes.currency = currency;
  }
  if (
    params.currency !== undefined &&
    !touchesPaymentMethodTypes(params) &&
    intent.automatic_payment_methods?.enabled
  ) {
    // Automatic payment methods follow the currency (sepa_debit for eur only).
    const excluded = intent.excluded_payment_method_types;
    changes.payment_method_types = parsePaymentMethodTypes(
      {
        automatic_payment_methods: { enabled: 'true' },
        ...(excluded ? { excluded_payment_method_types: excluded } : {}),
      },
      { sepaDebit: true, currency },
    ).types;
  }
  if (params.customer !== undefined) {
    const customer = str(params, 'customer');
    if (customer) getCustomer(emulator, customer);
    if (intent.customer && customer !== intent.customer) {
      throw stripeErrors.invalidParam('customer', 'You cannot change the customer of a PaymentIntent once it is set.');
    }
    changes.customer = customer || null;
  }
  if (paymentMethod)
    assertUsableFor(paymentMethod, (changes.customer as string | null | undefined) ?? customerId(intent));
  if (params.description !== undefined) changes.description = str(params, 'description') || null;
  for (const name of ['statement_descriptor', 'statement_descriptor_suffix'] as const) {
    const value = parseDescriptor(params, name);
    if (value !== undefined) changes[name] = value;
  }
  if (params.transfer_group !== undefined) changes.transfer_group = str(params, 'transfer_group') || null;
  changes.metadata = mergeMetadata(intent.metadata, params);
  const resets = changes.payment_method !== undefined || changes.amount !== undefined || changes.currency !== undefined;
  if (resets && intent.status === 'requires_action') {
    changes.status = 'requires_confirmation';
    changes.next_action = null;
  }
  if (changes.payment_method && intent.status === 'requires_payment_method') changes.status = 'requires_confirmation';
  update(intent, changes);
  return intent;
}

function capturePaymentIntent(emulator: Emulator, intent: PaymentIntentObject, params: Params, ctx: RequestContext) {
  allowOnly(params, [
    'amount_to_capture',
    'metadata',
    'statement_descriptor',
    'statement_descriptor_suffix',
    'final_capture',
    'application_fee_amount',
  ]);
  if (params.application_fee_amount !== undefined) rejectNotEmulated(params);
  if (intent.status !== 'requires_capture') {
    throw unexpectedState(
      'PaymentIntent',
      `This PaymentIntent could not be captured because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      present(intent, ctx),
    );
  }
  if (bool(params, 'final_capture') === false) {
    throw stripeErrors.invalidParam('final_capture', 'Multicapture is not emulated: final_capture must be true.');
  }
  const amount = int(params, 'amount_to_capture') ?? intent.amount_capturable;
  if (amount > intent.amount_capturable) {
    throw stripeErrors.invalidRequest(
      `The amount_to_capture (${amount}) must be less than or equal to the PaymentIntent's amount_capturable (${intent.amount_capturable}).`,
      'amount_too_large',
      { param: 'amount_to_capture' },
    );
  }
  validateAmount(amount, intent.currency, 'amount_to_capture');
  const changes: Record<string, unknown> = { metadata: mergeMetadata(intent.metadata, params) };
  for (const name of ['statement_descriptor', 'statement_descriptor_suffix'] as const) {
    const value = parseDescriptor(params, name);
    if (value !== undefined) changes[name] = value;
  }
  const charge = getCharge(emulator, intent.latest_charge as string);
  captureCharge(emulator, ctx, charge, amount);
  update(intent, { ...changes, status: 'succeeded', amount_received: amount, amount_capturable: 0 });
  emulator.events.emit(ctx, 'payment_intent.succeeded', intent);
  runIssuerActions(emulator, charge);
  return intent;
}

function cancelPaymentIntent(emulator: Emulator, intent: PaymentIntentObject, params: Params, ctx: RequestContext) {
  allowOnly(params, ['cancellation_reason']);
  const reason = oneOf(params, 'cancellation_reason', [
    'duplicate',
    'fraudulent',
    'requested_by_customer',
    'abandoned',
  ]);
  if (!CANCELABLE_HERE.includes(intent.status)) {
    throw unexpectedState(
      'PaymentIntent',
      `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
      present(intent, ctx),
    );
  }
  if (intent.status === 'requires_capture' && typeof intent.latest_charge === 'string') {
    releaseCharge(emulator, ctx, getCharge(emulator, intent.latest_charge));
  }
  update(intent, {
    status: 'canceled',
    canceled_at: emulator.clock.now(),
    cancellation_reason: reason ?? null,
    amount_capturable: 0,
    next_action: null,
  });
  emulator.events.emit(ctx, 'payment_intent.canceled', intent);
  return intent;
}

/**
 * Finishes the 3D Secure challenge of a PaymentIntent (or SetupIntent) in `requires_action`: `complete` lets the
 * payment proceed (charge, succeeded / requires_capture), `fail` returns it to `requires_payment_method` with
 * `payment_intent_authentication_failure`. Used by the challenge page's buttons and the Stripe.js stand-in.
 */
export function authenticateThreeDS(
  emulator: Emulator,
  paymentIntentId: string,
  outcome: 'complete' | 'fail',
  ctx: RequestContext | null,
): StoredObject {
  const found = emulator.store.get(paymentIntentId);
  if (found?.object === 'setup_intent') return authenticateSetupIntent(emulator, paymentIntentId, outcome, ctx);
  const intent = getPaymentIntent(emulator, paymentIntentId, 'id');
  if (intent.status !== 'requires_action') {
    throw unexpectedState(
      'PaymentIntent',
      `This PaymentIntent has a status of ${intent.status}; only a PaymentIntent with status requires_action can be authenticated.`,
      present(intent, ctx),
    );
  }
  const paymentMethod = getPaymentMethod(emulator, intent.payment_method as string);
  if (outcome === 'complete') {
    return settleAttempt(emulator, intent, paymentMethod, testCardOf(paymentMethod), ctx, {
      decline: testCardOf(paymentMethod).decline,
      threeDSecure: true,
    });
  }
  const code = 'payment_intent_authentication_failure';
  update(intent, {
    status: 'requires_payment_method',
    payment_method: null,
    next_action: null,
    last_payment_error: {
      code,
      doc_url: docUrl(code),
      message:
        'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
      payment_method: stripInternal(structuredClone(paymentMethod)),
      type: 'invalid_request_error',
    } satisfies Stripe.PaymentIntent.LastPaymentError,
  });
  emulator.events.emit(ctx, 'payment_intent.payment_failed', intent);
  return intent;
}

/** The emulator's 3DS endpoints (not under /v1): the challenge page posts `client_secret` here. */
function registerThreeDSRoutes(app: FastifyInstance, emulator: Emulator): void {
  for (const outcome of ['complete', 'fail'] as const) {
    app.post(`/3ds/:id/${outcome}`, async (request, reply) => {
      const { id } = request.params as { id: string };
      const body = (request.body ?? {}) as Params;
      const ctx: RequestContext = { requestId: newId('req', 14), idempotencyKey: null, keyType: 'publishable' };
      void reply.header('request-id', ctx.requestId).header('content-type', 'application/json');
      try {
        const intent = emulator.store.get(id);
        if (!intent || (intent.object !== 'payment_intent' && intent.object !== 'setup_intent')) {
          throw stripeErrors.missing('payment_intent', id, 'id');
        }
        verifyClientSecret(
          { client_secret: typeof body.client_secret === 'string' ? body.client_secret : '' },
          intent as unknown as { client_secret: string | null },
          ctx,
          intent.object === 'payment_intent' ? 'PaymentIntent' : 'SetupIntent',
        );
        const result = authenticateThreeDS(emulator, id, outcome, ctx);
        return reply.code(200).send(JSON.stringify(stripInternal(present(result, ctx, publishableFieldsOf(result)))));
      } catch (error) {
        const failure = error instanceof StripeApiError ? error : stripeErrors.apiError(String(error));
        return reply.code(failure.status).send(JSON.stringify({ error: stripInternal(failure.body) }));
      }
    });
  }
}

const SEARCH_FIELDS = {
  amount: 'number',
  created: 'number',
  currency: 'string',
  customer: 'string',
  metadata: 'metadata',
  status: 'string',
} as const;

/** PaymentIntents: create, retrieve, update, confirm, capture, cancel, list, search; plus the 3DS endpoints. */
export function registerPaymentIntents(app: FastifyInstance, emulator: Emulator): void {
  registerThreeDSRoutes(app, emulator);
  resumeSepaSettlements(emulator);

  defineRoute(app, emulator, 'POST', '/v1/payment_intents', ({ params, ctx, host }) =>
    createPaymentIntent(emulator, params, ctx, host),
  );

  defineRoute(app, emulator, 'GET', '/v1/payment_intents/search', ({ params, url }) => {
    allowOnly(params, ['query', 'limit', 'page']);
    return search(
      emulator.store.list<PaymentIntentObject>('payment_intent'),
      params,
      SEARCH_FIELDS,
      'payment_intents',
      url,
    );
  });

  registerIntentRoutes(app, emulator, {
    kind: 'PaymentIntent',
    path: '/v1/payment_intents',
    get: (id) => getPaymentIntent(emulator, id),
    show: present,
    update: (intent, params, ctx) => updatePaymentIntent(emulator, intent, params, ctx),
    confirm: (intent, params, ctx, host) => confirmPaymentIntent(emulator, intent, params, ctx, host),
  });

  defineRoute(app, emulator, 'POST', '/v1/payment_intents/:id/capture', ({ params, path, ctx }) =>
    capturePaymentIntent(emulator, getPaymentIntent(emulator, path.id!), params, ctx),
  );

  defineRoute(app, emulator, 'POST', '/v1/payment_intents/:id/cancel', ({ params, path, ctx }) =>
    cancelPaymentIntent(emulator, getPaymentIntent(emulator, path.id!), params, ctx),
  );

  defineRoute(app, emulator, 'GET', '/v1/payment_intents', ({ params, url }) => {
    allowOnly(params, ['limit', 'starting_after', 'ending_before', 'created', 'customer']);
    const customer = str(params, 'customer');
    const items = emulator.store
      .list<PaymentIntentObject>('payment_intent')
      .filter((pi) => (!customer || pi.customer === customer) && matchesCreated(params, pi.created));
    return paginate(items, params, url);
  });

  for (const action of ['increment_authorization', 'apply_customer_balance', 'verify_microdeposits']) {
    defineRoute(app, emulator, 'POST', `/v1/payment_intents/:id/${action}`, ({ path }) => {
      getPaymentIntent(emulator, path.id!);
      throw stripeErrors.invalidRequest(`\`${action}\` is not emulated (see tools/stripe-emulator/README.md).`);
    });
  }
}
