import type Stripe from 'stripe';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { RequestContext, StoredObject } from '../state';
import { update } from '../state';
import { stripeErrors } from '../wire/errors';
import { stripInternal } from '../wire/expand';
import { newClientSecret, newId } from '../wire/ids';
import { listMatching } from '../wire/list';
import { allowOnly, bool, mergeMetadata, oneOf, record, str, strList, type Params } from '../wire/params';
import { defineRoute } from '../wire/router';
import { getCustomer } from './customers';
import {
  assertConfirmable,
  CONFIRMABLE_STATUSES,
  confirmingPaymentMethod,
  docUrl,
  needsThreeDS,
  parsePaymentMethodTypes,
  touchesPaymentMethodTypes,
  parseReturnUrl,
  paymentMethodFrom,
  present,
  publishableFieldsOf,
  threeDSNextAction,
  unexpectedState,
  registerIntentRoutes,
} from './intent-shared';
import {
  assertUsableFor,
  attachPaymentMethod,
  getPaymentMethod,
  testCardOf,
  type PaymentMethodObject,
} from './payment-methods';
import { cardError, declineFields } from './test-cards';

export type SetupIntentObject = Stripe.SetupIntent &
  StoredObject & {
    _returnUrl: string | null;
  };

const CANCELABLE = CONFIRMABLE_STATUSES;
const NOT_EMULATED = [
  'single_use',
  'attach_to_self',
  'on_behalf_of',
  'customer_account',
  'confirmation_token',
  'mandate',
];

export function getSetupIntent(emulator: Emulator, id: string, param = 'intent'): SetupIntentObject {
  const found = emulator.store.get<SetupIntentObject>(id, 'setup_intent');
  if (!found) throw stripeErrors.missing('setupintent', id, param);
  return found;
}

function view(intent: SetupIntentObject, ctx: RequestContext | null): SetupIntentObject {
  return present(intent, ctx, publishableFieldsOf(intent));
}

function rejectNotEmulated(params: Params): void {
  for (const name of NOT_EMULATED) {
    if (params[name] !== undefined) {
      throw stripeErrors.invalidParam(name, `\`${name}\` is not emulated (see tools/stripe-emulator/README.md).`);
    }
  }
}

function cardOptions(params: Params, current: Stripe.SetupIntent.PaymentMethodOptions | null) {
  const options = record(params, 'payment_method_options');
  if (!options) return current;
  allowOnly(options, ['card']);
  const card = record(options, 'card');
  if (!card) return current;
  allowOnly(card, ['request_three_d_secure']);
  const threeDS = oneOf(card, 'request_three_d_secure', ['any', 'automatic', 'challenge']);
  const previous = current?.card ?? { mandate_options: null, network: null, request_three_d_secure: 'automatic' };
  return { card: { ...previous, ...(threeDS ? { request_three_d_secure: threeDS } : {}) } };
}

const customerOf = (intent: SetupIntentObject): string | null =>
  typeof intent.customer === 'string' ? intent.customer : null;

function succeed(
  emulator: Emulator,
  intent: SetupIntentObject,
  paymentMethod: PaymentMethodObject,
  ctx: RequestContext | null,
): SetupIntentObject {
  const customer = customerOf(intent);
  if (customer) attachPaymentMethod(emulator, paymentMethod, customer, ctx, { verify: false });
  paymentMethod._setUp = true;
  update(intent, {
    status: 'succeeded',
    payment_method: paymentMethod.id,
    last_setup_error: null,
    next_action: null,
  });
  emulator.events.emit(ctx, 'setup_intent.succeeded', intent);
  return intent;
}

function fail(
  emulator: Emulator,
  intent: SetupIntentObject,
  ctx: RequestContext | null,
  lastError: Stripe.SetupIntent.LastSetupError,
): void {
  update(intent, {
    status: 'requires_payment_method',
    payment_method: null,
    next_action: null,
    last_setup_error: lastError,
  });
  emulator.events.emit(ctx, 'setup_intent.setup_failed', intent);
}

function confirmSetupIntent(
  emulator: Emulator,
  intent: SetupIntentObject,
  params: Params,
  ctx: RequestContext,
  host: string,
): SetupIntentObject {
  allowOnly(params, [
    'payment_method',
    'payment_method_data',
    'payment_method_options',
    'allowed_payment_method_types',
    'return_url',
    'mandate_data',
    'use_stripe_sdk',
    'expected_payment_method_type',
    ...NOT_EMULATED,
  ]);
  rejectNotEmulated(params);
  const shown = () => view(intent, ctx);
  assertConfirmable('SetupIntent', intent.status, shown);
  bool(params, 'use_stripe_sdk');
  const returnUrl = parseReturnUrl(params);
  const paymentMethod = paymentMethodFrom(emulator, params, ctx);
  const changes: Record<string, unknown> = {};
  if (paymentMethod) {
    assertUsableFor(paymentMethod, customerOf(intent));
    changes.payment_method = paymentMethod.id;
  }
  if (params.payment_method_options !== undefined) {
    changes.payment_method_options = cardOptions(params, intent.payment_method_options);
  }
  if (params.allowed_payment_method_types !== undefined) {
    const parsed = parsePaymentMethodTypes({ allowed_payment_method_types: params.allowed_payment_method_types });
    Object.assign(changes, {
      payment_method_types: parsed.types,
      automatic_payment_methods: null,
      allowed_payment_method_types: parsed.allowed,
    });
  }
  update(intent, changes);
  if (returnUrl !== undefined) intent._returnUrl = returnUrl;
  const method = confirmingPaymentMethod(emulator, 'SetupIntent', intent, paymentMethod, {
    ctx,
    offSession: false,
    customer: customerOf(intent),
    shown,
  });
  const testCard = testCardOf(method);
  if (testCard.decline && testCard.declineOnSetup !== false) {
    const snapshot = stripInternal(structuredClone(method));
    const fields = declineFields(testCard.decline);
    const { advice_code: adviceCode, ...errorFields } = fields;
    fail(emulator, intent, ctx, {
      ...(adviceCode ? { advice_code: adviceCode } : {}),
      ...errorFields,
      doc_url: docUrl(fields.code),
      payment_method: snapshot,
      type: 'card_error',
    });
    throw cardError(fields, { setup_intent: view(intent, ctx), payment_method: snapshot });
  }
  const requested = intent.payment_method_options?.card?.request_three_d_secure;
  if (needsThreeDS(testCard, method, requested) || testCard.threeDS === 'unless_set_up') {
    update(intent, {
      status: 'requires_action',
      payment_method: method.id,
      last_setup_error: null,
      next_action: threeDSNextAction(host, intent),
    });
    emulator.events.emit(ctx, 'setup_intent.requires_action', intent);
    return intent;
  }
  return succeed(emulator, intent, method, ctx);
}

/** Finishes a SetupIntent's 3D Secure challenge (see `authenticateThreeDS`, which dispatches here). */
export function authenticateSetupIntent(
  emulator: Emulator,
  id: string,
  outcome: 'complete' | 'fail',
  ctx: RequestContext | null,
): SetupIntentObject {
  const intent = getSetupIntent(emulator, id, 'id');
  if (intent.status !== 'requires_action') {
    throw unexpectedState(
      'SetupIntent',
      `This SetupIntent has a status of ${intent.status}; only a SetupIntent with status requires_action can be authenticated.`,
      view(intent, ctx),
    );
  }
  const paymentMethod = getPaymentMethod(emulator, intent.payment_method as string);
  if (outcome === 'complete') return succeed(emulator, intent, paymentMethod, ctx);
  const code = 'setup_intent_authentication_failure';
  fail(emulator, intent, ctx, {
    code,
    doc_url: docUrl(code),
    message:
      'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
    payment_method: stripInternal(structuredClone(paymentMethod)),
    type: 'invalid_request_error',
  });
  return intent;
}

function createSetupIntent(emulator: Emulator, params: Params, ctx: RequestContext, host: string): SetupIntentObject {
  allowOnly(params, [
    'customer',
    'payment_method',
    'payment_method_data',
    'payment_method_types',
    'allowed_payment_method_types',
    'automatic_payment_methods',
    'payment_method_options',
    'payment_method_configuration',
    'excluded_payment_method_types',
    'usage',
    'confirm',
    'metadata',
    'description',
    'return_url',
    'mandate_data',
    'use_stripe_sdk',
    'flow_directions',
    ...NOT_EMULATED,
  ]);
  rejectNotEmulated(params);
  const confirm = bool(params, 'confirm') ?? false;
  if (!confirm) {
    for (const name of ['return_url', 'mandate_data', 'use_stripe_sdk']) {
      if (params[name] !== undefined) {
        throw stripeErrors.invalidParam(name, `You can only pass \`${name}\` when \`confirm\` is true.`);
      }
    }
  }
  const { automatic, types, allowed, excluded } = parsePaymentMethodTypes(params);
  const customer = str(params, 'customer');
  if (customer) getCustomer(emulator, customer);
  const flowDirections = strList(params, 'flow_directions');
  const id = newId('seti');
  const setupIntent: Stripe.SetupIntent = {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: allowed,
    application: null,
    automatic_payment_methods: automatic,
    cancellation_reason: null,
    client_secret: newClientSecret(id),
    created: emulator.clock.now(),
    customer: customer ?? null,
    customer_account: null,
    description: str(params, 'description') || null,
    excluded_payment_method_types: excluded,
    flow_directions: flowDirections ?? null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: mergeMetadata({}, params),
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: cardOptions(params, {
      card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    }),
    payment_method_types: types,
    single_use_mandate: null,
    status: 'requires_payment_method',
    usage: oneOf(params, 'usage', ['off_session', 'on_session']) ?? 'off_session',
  };
  const paymentMethod = paymentMethodFrom(emulator, params, ctx);
  if (paymentMethod) {
    assertUsableFor(paymentMethod, customer ?? null);
    setupIntent.payment_method = paymentMethod.id;
    setupIntent.status = 'requires_confirmation';
  }
  const stored = emulator.store.insert({ ...setupIntent, _returnUrl: null });
  emulator.events.emit(ctx, 'setup_intent.created', stored);
  if (!confirm) return stored;
  const confirmParams: Params = {};
  for (const name of ['return_url', 'mandate_data', 'use_stripe_sdk']) {
    if (params[name] !== undefined) confirmParams[name] = params[name];
  }
  return confirmSetupIntent(emulator, stored, confirmParams, ctx, host);
}

function updateSetupIntent(emulator: Emulator, intent: SetupIntentObject, params: Params, ctx: RequestContext) {
  allowOnly(params, [
    'customer',
    'description',
    'metadata',
    'payment_method',
    'payment_method_data',
    'payment_method_types',
    'allowed_payment_method_types',
    'excluded_payment_method_types',
    'payment_method_configuration',
    'payment_method_options',
    'flow_directions',
    ...NOT_EMULATED,
  ]);
  rejectNotEmulated(params);
  if (!CONFIRMABLE_STATUSES.includes(intent.status)) {
    const locked = Object.keys(params).find((name) => name !== 'metadata' && name !== 'description');
    if (locked) {
      throw unexpectedState(
        'SetupIntent',
        `This SetupIntent's ${locked} could not be updated because it has a status of ${intent.status}. You may only update the ${locked} of a SetupIntent with one of the following statuses: ${CONFIRMABLE_STATUSES.join(', ')}.`,
        view(intent, ctx),
      );
    }
  }
  const changes: Record<string, unknown> = { metadata: mergeMetadata(intent.metadata ?? {}, params) };
  if (params.description !== undefined) changes.description = str(params, 'description') || null;
  if (params.customer !== undefined) {
    const customer = str(params, 'customer');
    if (customer) getCustomer(emulator, customer);
    if (intent.customer && customer !== intent.customer) {
      throw stripeErrors.invalidParam('customer', 'You cannot change the customer of a SetupIntent once it is set.');
    }
    changes.customer = customer || null;
  }
  if (touchesPaymentMethodTypes(params)) {
    const parsed = parsePaymentMethodTypes(params);
    Object.assign(changes, {
      payment_method_types: parsed.types,
      automatic_payment_methods: parsed.automatic,
      allowed_payment_method_types: parsed.allowed,
      excluded_payment_method_types: parsed.excluded,
    });
  }
  if (params.payment_method_options !== undefined) {
    changes.payment_method_options = cardOptions(params, intent.payment_method_options);
  }
  if (params.flow_directions !== undefined) changes.flow_directions = strList(params, 'flow_directions') ?? null;
  const paymentMethod = paymentMethodFrom(emulator, params, ctx);
  if (paymentMethod) {
    assertUsableFor(paymentMethod, (changes.customer as string | null | undefined) ?? customerOf(intent));
    changes.payment_method = paymentMethod.id;
    changes.status = 'requires_confirmation';
    changes.next_action = null;
  }
  update(intent, changes);
  return intent;
}

/** SetupIntents: create, retrieve, update, confirm (3D Secure through the same /3ds pages), cancel, list. */
export function registerSetupIntents(app: FastifyInstance, emulator: Emulator): void {
  defineRoute(app, emulator, 'POST', '/v1/setup_intents', ({ params, ctx, host }) =>
    createSetupIntent(emulator, params, ctx, host),
  );

  registerIntentRoutes(app, emulator, {
    kind: 'SetupIntent',
    path: '/v1/setup_intents',
    get: (id) => getSetupIntent(emulator, id),
    show: view,
    update: (intent, params, ctx) => updateSetupIntent(emulator, intent, params, ctx),
    confirm: (intent, params, ctx, host) => confirmSetupIntent(emulator, intent, params, ctx, host),
  });

  defineRoute(app, emulator, 'POST', '/v1/setup_intents/:id/cancel', ({ params, path, ctx }) => {
    allowOnly(params, ['cancellation_reason']);
    const intent = getSetupIntent(emulator, path.id!);
    const reason = oneOf(params, 'cancellation_reason', ['abandoned', 'duplicate', 'requested_by_customer']);
    if (!CANCELABLE.includes(intent.status)) {
      throw unexpectedState(
        'SetupIntent',
        `You cannot cancel this SetupIntent because it has a status of ${intent.status}. Only a SetupIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
        view(intent, ctx),
      );
    }
    update(intent, { status: 'canceled', cancellation_reason: reason ?? null, next_action: null });
    emulator.events.emit(ctx, 'setup_intent.canceled', intent);
    return intent;
  });

  defineRoute(app, emulator, 'GET', '/v1/setup_intents', ({ params, url }) => {
    allowOnly(params, [
      'limit',
      'starting_after',
      'ending_before',
      'created',
      'customer',
      'payment_method',
      'attach_to_self',
    ]);
    return listMatching(emulator.store.list<SetupIntentObject>('setup_intent'), params, url, [
      'customer',
      'payment_method',
    ]);
  });

  defineRoute(app, emulator, 'POST', '/v1/setup_intents/:id/verify_microdeposits', ({ path }) => {
    getSetupIntent(emulator, path.id!);
    throw stripeErrors.invalidRequest('`verify_microdeposits` is not emulated (see tools/stripe-emulator/README.md).');
  });
}
