import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { StoredObject } from '../state';
import { stripeErrors } from '../wire/errors';
import { newId } from '../wire/ids';
import { allowOnly, oneOf, record, requiredStr, strList, str, type Params } from '../wire/params';
import { defineRoute } from '../wire/router';
import { getCustomer } from './customers';

type Feature = 'enabled' | 'disabled';

/** A CustomerSession: lets the Payment Element show (and save) the cards of one Customer for 30 minutes. */
export interface CustomerSessionObject extends StoredObject {
  object: 'customer_session';
  client_secret: string;
  customer: string;
  created: number;
  expires_at: number;
  livemode: false;
  components: {
    payment_element: {
      enabled: boolean;
      features: {
        payment_method_allow_redisplay_filters: string[];
        payment_method_redisplay: Feature;
        payment_method_remove: Feature;
        payment_method_save: Feature;
        payment_method_save_usage: 'off_session' | 'on_session' | null;
      } | null;
    };
  };
}

const SESSION_SECONDS = 30 * 60;
const FEATURES = ['payment_method_save', 'payment_method_redisplay', 'payment_method_remove'] as const;
const REDISPLAY = ['always', 'limited', 'unspecified'] as const;

/** The session of a client secret while it lasts (the Stripe.js stand-in's frame asks with it). */
export function liveCustomerSession(emulator: Emulator, clientSecret: string): CustomerSessionObject | null {
  const id = clientSecret.split('_secret_')[0] ?? '';
  const session = emulator.store.get<CustomerSessionObject>(id, 'customer_session');
  if (!session || session.client_secret !== clientSecret || session.expires_at <= emulator.clock.now()) return null;
  return session;
}

function featuresOf(params: Params | undefined) {
  const features = record(params ?? {}, 'features') ?? {};
  allowOnly(features, [...FEATURES, 'payment_method_allow_redisplay_filters', 'payment_method_save_usage']);
  const filters = strList(features, 'payment_method_allow_redisplay_filters') ?? ['always'];
  for (const filter of filters) {
    if (!(REDISPLAY as readonly string[]).includes(filter)) {
      throw stripeErrors.invalidParam(
        'components[payment_element][features][payment_method_allow_redisplay_filters]',
        `Invalid value: must be one of ${REDISPLAY.join(', ')}`,
      );
    }
  }
  return {
    payment_method_allow_redisplay_filters: filters,
    payment_method_redisplay: oneOf(features, 'payment_method_redisplay', ['enabled', 'disabled']) ?? 'disabled',
    payment_method_remove: oneOf(features, 'payment_method_remove', ['enabled', 'disabled']) ?? 'disabled',
    payment_method_save: oneOf(features, 'payment_method_save', ['enabled', 'disabled']) ?? 'disabled',
    payment_method_save_usage: oneOf(features, 'payment_method_save_usage', ['off_session', 'on_session']) ?? null,
  };
}

/** Customer sessions (create): what the Payment Element needs to show a Customer's saved cards. */
export function registerCustomerSessions(app: FastifyInstance, emulator: Emulator): void {
  defineRoute(app, emulator, 'POST', '/v1/customer_sessions', ({ params }) => {
    allowOnly(params, ['customer', 'components']);
    const customer = getCustomer(emulator, requiredStr(params, 'customer'));
    const components = record(params, 'components') ?? {};
    allowOnly(components, ['payment_element', 'pricing_table', 'buy_button']);
    const element = record(components, 'payment_element');
    if (!element) {
      throw stripeErrors.invalidParam('components', 'Provide at least one component (components[payment_element]).');
    }
    allowOnly(element, ['enabled', 'features']);
    const enabled = str(element, 'enabled') === 'true';
    const id = newId('cuss');
    const now = emulator.clock.now();
    const session: CustomerSessionObject = {
      id,
      object: 'customer_session',
      client_secret: `${id}_secret_${randomBytes(18).toString('base64url')}`,
      customer: customer.id,
      created: now,
      expires_at: now + SESSION_SECONDS,
      livemode: false,
      components: { payment_element: { enabled, features: enabled ? featuresOf(element) : null } },
    };
    emulator.store.insert(session);
    // Stripe's CustomerSession has no id of its own: the client secret names it.
    const { id: _id, ...presented } = session;
    return presented;
  });
}
