import { randomBytes } from 'node:crypto';
import type Stripe from 'stripe';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { RequestContext, StoredObject } from '../state';
import { stripeErrors } from '../wire/errors';
import { newId } from '../wire/ids';
import { allowOnly, bool, int, oneOf, record, str, type Params } from '../wire/params';
import { defineRoute } from '../wire/router';

export type MandateObject = Stripe.Mandate & StoredObject;

export type CustomerAcceptance = Stripe.Mandate.CustomerAcceptance;

/**
 * `mandate_data[customer_acceptance][...]` of a confirmation: `type` online (with `online[ip_address]` and
 * `online[user_agent]`, or `online[infer_from_client]` from Stripe.js with a publishable key) or offline, and
 * `accepted_at` (default: now). Undefined when no mandate_data was sent.
 */
export function parseMandateData(
  emulator: Emulator,
  params: Params,
  ctx: RequestContext,
): CustomerAcceptance | undefined {
  const data = record(params, 'mandate_data');
  if (!data) return undefined;
  allowOnly(data, ['customer_acceptance']);
  const acceptance = record(data, 'customer_acceptance');
  if (!acceptance) throw stripeErrors.missingParam('mandate_data[customer_acceptance]');
  allowOnly(acceptance, ['type', 'accepted_at', 'online', 'offline']);
  const type = oneOf(acceptance, 'type', ['online', 'offline']);
  if (!type) throw stripeErrors.missingParam('mandate_data[customer_acceptance][type]');
  const acceptedAt = int(acceptance, 'accepted_at') ?? emulator.clock.now();
  if (type === 'offline') {
    if (acceptance.online !== undefined) {
      throw stripeErrors.invalidParam(
        'mandate_data[customer_acceptance][online]',
        'You cannot pass `online` when `type` is `offline`.',
      );
    }
    return { accepted_at: acceptedAt, offline: {}, type };
  }
  const online = record(acceptance, 'online');
  if (!online) throw stripeErrors.missingParam('mandate_data[customer_acceptance][online]');
  allowOnly(online, ['ip_address', 'user_agent', 'infer_from_client']);
  if (bool(online, 'infer_from_client')) {
    if (ctx.keyType !== 'publishable') {
      throw stripeErrors.invalidParam(
        'mandate_data[customer_acceptance][online][infer_from_client]',
        '`infer_from_client` can only be used with a publishable key (Stripe.js).',
      );
    }
    // Stripe takes them from the browser's request; the emulator does not record either.
    return { accepted_at: acceptedAt, online: { ip_address: null, user_agent: null }, type };
  }
  const ipAddress = str(online, 'ip_address');
  const userAgent = str(online, 'user_agent');
  if (!ipAddress) throw stripeErrors.missingParam('mandate_data[customer_acceptance][online][ip_address]');
  if (!userAgent) throw stripeErrors.missingParam('mandate_data[customer_acceptance][online][user_agent]');
  return { accepted_at: acceptedAt, online: { ip_address: ipAddress, user_agent: userAgent }, type };
}

/**
 * Records the SEPA Direct Debit mandate the customer accepted for `paymentMethod`: multi-use when the payment
 * saves the method for later (`setup_future_usage`), single-use for this amount otherwise.
 */
export function createSepaMandate(
  emulator: Emulator,
  host: string,
  paymentMethod: string,
  acceptance: CustomerAcceptance,
  use: { multi: true } | { multi: false; amount: number; currency: string },
): MandateObject {
  const id = newId('mandate');
  const reference = randomBytes(8).toString('hex').toUpperCase();
  const mandate: Stripe.Mandate = {
    id,
    object: 'mandate',
    customer_acceptance: acceptance,
    livemode: false,
    ...(use.multi ? { multi_use: {} } : { single_use: { amount: use.amount, currency: use.currency } }),
    payment_method: paymentMethod,
    payment_method_details: {
      sepa_debit: { reference, url: `http://${host}/mandates/${id}` },
      type: 'sepa_debit',
    },
    status: 'active',
    type: use.multi ? 'multi_use' : 'single_use',
  };
  return emulator.store.insert({ ...mandate, created: emulator.clock.now() });
}

export function getMandate(emulator: Emulator, id: string, param = 'mandate'): MandateObject {
  const mandate = emulator.store.get<MandateObject>(id, 'mandate');
  if (!mandate) throw stripeErrors.missing('mandate', id, param);
  return mandate;
}

/** Mandates: created by confirming a SEPA Direct Debit payment with `mandate_data`; retrieve. */
export function registerMandates(app: FastifyInstance, emulator: Emulator): void {
  defineRoute(app, emulator, 'GET', '/v1/mandates/:id', ({ params, path }) => {
    allowOnly(params, []);
    // `created` is the store's bookkeeping: a Mandate has no such field on Stripe.
    const { created: _created, ...mandate } = getMandate(emulator, path.id!, 'mandate');
    return mandate;
  });
}
