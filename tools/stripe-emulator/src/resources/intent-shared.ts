import type Stripe from 'stripe';
import type { Emulator } from '../emulator';
import type { RequestContext, StoredObject } from '../state';
import { StripeApiError, stripeErrors, type StripeErrorBody } from '../wire/errors';
import { newId } from '../wire/ids';
import { allowOnly, bool, oneOf, record, str, strList, type Params } from '../wire/params';
import type { FastifyInstance } from 'fastify';
import { defineRoute } from '../wire/router';
import { assertUsableFor, createPaymentMethod, getPaymentMethod, type PaymentMethodObject } from './payment-methods';
import type { TestCard } from './test-cards';

/** What PaymentIntents and SetupIntents share: client secrets, 3D Secure, payment method types, views. */

export type IntentKind = 'PaymentIntent' | 'SetupIntent';

export const docUrl = (code: string) => `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`;

/** Stripe's `*_unexpected_state` error, carrying the intent as it is now. */
export function unexpectedState(kind: IntentKind, message: string, intent: unknown): StripeApiError {
  const code = kind === 'PaymentIntent' ? 'payment_intent_unexpected_state' : 'setup_intent_unexpected_state';
  const body: StripeErrorBody = {
    type: 'invalid_request_error',
    code,
    message,
    doc_url: docUrl(code),
    ...(kind === 'PaymentIntent' ? { payment_intent: intent } : { setup_intent: intent }),
  };
  return new StripeApiError(400, body);
}

/**
 * With a publishable key the intent's `client_secret` must be sent and match; with a secret key it is optional
 * (and checked when sent). Removes it from `params`.
 */
export function verifyClientSecret(
  params: Params,
  intent: { client_secret: string | null },
  ctx: RequestContext,
  kind: IntentKind,
): void {
  const secret = str(params, 'client_secret');
  delete params.client_secret;
  if (ctx.keyType === 'publishable' && !secret) throw stripeErrors.missingParam('client_secret');
  if (secret !== undefined && secret !== intent.client_secret) {
    throw stripeErrors.invalidParam(
      'client_secret',
      `The client_secret provided does not match the client_secret associated with the ${kind}.`,
      kind === 'PaymentIntent' ? 'payment_intent_invalid_parameter' : 'setup_intent_invalid_parameter',
    );
  }
}

/** The `next_action` of a card that needs 3D Secure: Stripe.js opens `stripe_js` (the emulator's challenge page). */
export function threeDSNextAction(
  host: string,
  intent: { id: string; client_secret: string | null },
): Stripe.PaymentIntent.NextAction {
  return {
    type: 'use_stripe_sdk',
    use_stripe_sdk: {
      type: 'three_d_secure_redirect',
      stripe_js: `http://${host}/3ds/${intent.id}?client_secret=${encodeURIComponent(intent.client_secret ?? '')}`,
      source: newId('src'),
    },
  };
}

const RETURN_URL_REQUIRED =
  "This PaymentIntent is configured to accept payment methods enabled in your Dashboard. Because some of these payment methods might redirect your customer off of your page, you must provide a `return_url`. If you don't want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.";

/** Server-side confirmation with redirect-capable automatic payment methods needs a `return_url`, as on Stripe. */
export function assertReturnUrl(
  automatic: { enabled: boolean | null; allow_redirects?: string } | null,
  returnUrl: string | null,
  ctx: RequestContext,
  offSession: boolean,
  kind: IntentKind,
): void {
  if (ctx.keyType !== 'secret' || offSession || returnUrl || !automatic?.enabled) return;
  if (automatic.allow_redirects === 'never') return;
  throw stripeErrors.invalidRequest(RETURN_URL_REQUIRED.replace('PaymentIntent', kind));
}

export function parseReturnUrl(params: Params): string | undefined {
  const url = str(params, 'return_url');
  if (url !== undefined && !/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(url)) {
    throw stripeErrors.invalidParam('return_url', 'Not a valid URL', 'url_invalid');
  }
  return url;
}

export interface PaymentMethodTypes {
  automatic: Stripe.PaymentIntent.AutomaticPaymentMethods | null;
  types: string[];
  allowed: string[] | null;
  excluded: string[] | null;
}

export const TYPE_PARAMS = ['automatic_payment_methods', 'allowed_payment_method_types', 'payment_method_types'];

/** Whether `params` says anything about payment method types. */
export function touchesPaymentMethodTypes(params: Params): boolean {
  return [...TYPE_PARAMS, 'excluded_payment_method_types'].some((name) => params[name] !== undefined);
}

/** The currencies each emulated payment method type takes (cards: every currency Stripe supports). */
const TYPE_CURRENCIES: Record<string, string[] | null> = { card: null, sepa_debit: ['eur'] };

export interface TypeOptions {
  /** The intent takes `sepa_debit` (PaymentIntents do; SetupIntents are cards only here). */
  sepaDebit?: boolean;
  /** The intent's currency: automatic payment methods offer what fits it; a listed type must support it. */
  currency?: string;
}

/**
 * `automatic_payment_methods`, `allowed_payment_method_types` (`payment_method_types` before API version
 * 2026-10-28) and `excluded_payment_method_types`. The emulator takes cards, and (PaymentIntents) SEPA Direct
 * Debit: listed explicitly, or automatically for a PaymentIntent in eur, as an account with it enabled does.
 */
export function parsePaymentMethodTypes(params: Params, options: TypeOptions = {}): PaymentMethodTypes {
  const supported = options.sepaDebit ? ['card', 'sepa_debit'] : ['card'];
  const apm = record(params, 'automatic_payment_methods');
  const legacy = strList(params, 'payment_method_types');
  const allowedList = strList(params, 'allowed_payment_method_types');
  const given = TYPE_PARAMS.filter((name) => params[name] !== undefined && params[name] !== '');
  if (given.length > 1) {
    throw stripeErrors.invalidRequest(`You may only specify one of these parameters: ${given.join(', ')}.`);
  }
  const list = allowedList ?? legacy;
  const listParam = allowedList ? 'allowed_payment_method_types' : 'payment_method_types';
  for (const type of list ?? []) {
    if (!supported.includes(type)) {
      throw stripeErrors.invalidParam(
        listParam,
        `The payment method type \`${type}\` is not emulated; the emulator supports ${supported.map((t) => `\`${t}\``).join(' and ')} only (see tools/stripe-emulator/README.md).`,
        'payment_method_unsupported_type',
      );
    }
    const currencies = TYPE_CURRENCIES[type];
    if (options.currency && currencies && !currencies.includes(options.currency)) {
      throw stripeErrors.invalidRequest(
        `The currency provided (${options.currency}) is invalid. Payments with ${type} support the following currencies: ${currencies.join(', ')}.`,
        'payment_intent_invalid_parameter',
        { param: 'currency' },
      );
    }
  }
  const excluded = strList(params, 'excluded_payment_method_types') ?? null;
  const fitting = supported.filter((type) => {
    const currencies = TYPE_CURRENCIES[type];
    return !currencies || !options.currency || currencies.includes(options.currency);
  });
  const automaticTypes = fitting.filter((type) => !excluded?.includes(type));
  if (excluded && automaticTypes.length === 0) {
    throw stripeErrors.invalidParam(
      'excluded_payment_method_types',
      `Excluding ${excluded.map((t) => `\`${t}\``).join(', ')} leaves no payment method type the emulator supports.`,
    );
  }
  if (list) {
    const types = [...new Set(list)];
    return { automatic: null, types, allowed: allowedList ? types : null, excluded };
  }
  if (apm) {
    allowOnly(apm, ['enabled', 'allow_redirects']);
    const enabled = bool(apm, 'enabled');
    if (enabled === undefined) throw stripeErrors.missingParam('automatic_payment_methods[enabled]');
    const allowRedirects = oneOf(apm, 'allow_redirects', ['always', 'never']);
    if (!enabled) return { automatic: null, types: ['card'], allowed: null, excluded };
    return {
      automatic: { ...(allowRedirects ? { allow_redirects: allowRedirects } : {}), enabled },
      types: automaticTypes,
      allowed: null,
      excluded,
    };
  }
  // Since API version 2023-08-16 automatic payment methods are on by default.
  return { automatic: { enabled: true }, types: automaticTypes, allowed: null, excluded };
}

/** The fields Stripe returns for a PaymentIntent retrieved or confirmed with a publishable key. */
const PUBLISHABLE_FIELDS = [
  'id',
  'object',
  'amount',
  'amount_details',
  'automatic_payment_methods',
  'canceled_at',
  'cancellation_reason',
  'capture_method',
  'client_secret',
  'confirmation_method',
  'created',
  'currency',
  'description',
  'excluded_payment_method_types',
  'last_payment_error',
  'livemode',
  'next_action',
  'payment_method',
  'payment_method_configuration_details',
  'payment_method_types',
  'processing',
  'receipt_email',
  'setup_future_usage',
  'shipping',
  'source',
  'status',
];

/** The intent as the caller may see it: everything with a secret key, the client-side subset with a publishable key. */
export function present<T extends StoredObject>(intent: T, ctx: RequestContext | null, fields = PUBLISHABLE_FIELDS): T {
  if (ctx?.keyType !== 'publishable') return structuredClone(intent);
  return Object.fromEntries(
    fields.filter((field) => field in intent).map((field) => [field, structuredClone(intent[field])]),
  ) as T;
}

const SETUP_INTENT_PUBLISHABLE_FIELDS = [
  'id',
  'object',
  'automatic_payment_methods',
  'cancellation_reason',
  'client_secret',
  'created',
  'description',
  'last_setup_error',
  'livemode',
  'next_action',
  'payment_method',
  'payment_method_types',
  'status',
  'usage',
];

/** The fields a publishable key sees of an intent (PaymentIntent or SetupIntent). */
export function publishableFieldsOf(intent: StoredObject): string[] {
  return intent.object === 'setup_intent' ? SETUP_INTENT_PUBLISHABLE_FIELDS : PUBLISHABLE_FIELDS;
}

/** `payment_method` or `payment_method_data`: the PaymentMethod to use, materialising `pm_card_*` test ids. */
export function paymentMethodFrom(
  emulator: Emulator,
  params: Params,
  ctx: RequestContext,
): PaymentMethodObject | undefined {
  const id = str(params, 'payment_method');
  const data = record(params, 'payment_method_data');
  if (id && data) {
    throw stripeErrors.invalidRequest(
      'You may only specify one of these parameters: payment_method, payment_method_data.',
    );
  }
  if (id) return getPaymentMethod(emulator, id);
  if (data) {
    try {
      return createPaymentMethod(emulator, data, ctx);
    } catch (error) {
      // Card errors name the card field (`number`, `cvc`); parameter errors name it inside payment_method_data.
      if (error instanceof StripeApiError && error.status === 400 && error.body.param) {
        error.body.param = error.body.param.replace(/^([a-z_]+)/, 'payment_method_data[$1]');
      }
      throw error;
    }
  }
  return undefined;
}

/** Whether paying with this card now needs a 3D Secure challenge. */
export function needsThreeDS(
  testCard: TestCard,
  paymentMethod: PaymentMethodObject,
  requested?: string | null,
): boolean {
  return (
    testCard.threeDS === 'always' ||
    (testCard.threeDS === 'unless_set_up' && !paymentMethod._setUp) ||
    requested === 'any' ||
    requested === 'challenge'
  );
}

/** The statuses in which an intent may be confirmed (both kinds). */
export const CONFIRMABLE_STATUSES = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

/** Refuses to confirm an intent that succeeded already, or that is not waiting for a confirmation. */
export function assertConfirmable(kind: IntentKind, status: string, shown: () => unknown): void {
  if (status === 'succeeded') {
    throw unexpectedState(
      kind,
      `You cannot confirm this ${kind} because it has already succeeded after being previously confirmed.`,
      shown(),
    );
  }
  if (!CONFIRMABLE_STATUSES.includes(status)) {
    throw unexpectedState(
      kind,
      `You cannot confirm this ${kind} because it has a status of ${status}. Only a ${kind} with one of the following statuses may be confirmed: ${CONFIRMABLE_STATUSES.join(', ')}.`,
      shown(),
    );
  }
}

/**
 * The payment method a confirmation goes on with, once the confirm's own changes are applied to the intent: the one
 * given with the confirm (already checked), or the intent's own, which must exist and be usable by its customer; and
 * a `return_url` where Stripe requires one.
 */
export function confirmingPaymentMethod(
  emulator: Emulator,
  kind: IntentKind,
  intent: {
    payment_method: string | PaymentMethodObject | Stripe.PaymentMethod | null;
    payment_method_types: string[];
    automatic_payment_methods: { enabled: boolean | null; allow_redirects?: string } | null;
    _returnUrl?: string | null;
  },
  given: PaymentMethodObject | null | undefined,
  {
    ctx,
    offSession,
    customer,
    shown,
  }: { ctx: RequestContext; offSession: boolean; customer: string | null; shown: () => unknown },
): PaymentMethodObject {
  if (!intent.payment_method) {
    throw unexpectedState(
      kind,
      `You cannot confirm this ${kind} because it's missing a payment method. Update the ${kind} with a payment_method and then confirm it again.`,
      shown(),
    );
  }
  assertReturnUrl(intent.automatic_payment_methods, intent._returnUrl ?? null, ctx, offSession, kind);
  const method = given ?? getPaymentMethod(emulator, intent.payment_method as string);
  if (!given) assertUsableFor(method, customer);
  if (!intent.payment_method_types.includes(method.type)) {
    throw stripeErrors.invalidRequest(
      `The PaymentMethod provided (${method.type}) is not allowed for this ${kind}. Please attach a PaymentMethod of one of the following types: ${intent.payment_method_types.join(', ')}. Alternatively update the allowed payment_method_types for this ${kind} to include "${method.type}".`,
      kind === 'PaymentIntent' ? 'payment_intent_invalid_parameter' : 'setup_intent_invalid_parameter',
      { param: 'payment_method' },
    );
  }
  return method;
}

/** The routes every intent has: retrieve and confirm (with a publishable key and its client secret), and update. */
export function registerIntentRoutes<T extends StoredObject & { client_secret: string | null }>(
  app: FastifyInstance,
  emulator: Emulator,
  {
    kind,
    path,
    get,
    show,
    update,
    confirm,
  }: {
    kind: IntentKind;
    path: string;
    get: (id: string) => T;
    show: (intent: T, ctx: RequestContext) => T;
    update: (intent: T, params: Params, ctx: RequestContext) => T;
    confirm: (intent: T, params: Params, ctx: RequestContext, host: string) => T;
  },
): void {
  defineRoute(
    app,
    emulator,
    'GET',
    `${path}/:id`,
    ({ params, path: ids, ctx }) => {
      allowOnly(params, ['client_secret']);
      const intent = get(ids.id!);
      verifyClientSecret(params, intent, ctx, kind);
      return show(intent, ctx);
    },
    { publishable: true },
  );
  defineRoute(app, emulator, 'POST', `${path}/:id`, ({ params, path: ids, ctx }) => update(get(ids.id!), params, ctx));
  defineRoute(
    app,
    emulator,
    'POST',
    `${path}/:id/confirm`,
    ({ params, path: ids, ctx, host }) => {
      const intent = get(ids.id!);
      verifyClientSecret(params, intent, ctx, kind);
      return show(confirm(intent, params, ctx, host), ctx);
    },
    { publishable: true },
  );
}
