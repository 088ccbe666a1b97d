import type Stripe from 'stripe';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { RequestContext, StoredObject } from '../state';
import { update } from '../state';
import { stripeErrors } from '../wire/errors';
import { newId } from '../wire/ids';
import { listMatching } from '../wire/list';
import { allowOnly, str } from '../wire/params';
import { defineRoute } from '../wire/router';
import { getCharge, type ChargeObject } from './charge-store';

export type EarlyFraudWarningObject = Stripe.Radar.EarlyFraudWarning & StoredObject;

const TYPE = 'radar.early_fraud_warning';

export function getEarlyFraudWarning(emulator: Emulator, id: string, param = 'id'): EarlyFraudWarningObject {
  const warning = emulator.store.get<EarlyFraudWarningObject>(id, TYPE);
  if (!warning) throw stripeErrors.missing(TYPE, id, param);
  return warning;
}

/**
 * The issuer reports `charge` as likely fraud: records its early fraud warning and emits
 * `radar.early_fraud_warning.created`. Actionable unless the charge is already refunded in full or disputed.
 */
export function createEarlyFraudWarning(
  emulator: Emulator,
  charge: ChargeObject,
  fraudType: string,
): EarlyFraudWarningObject {
  const paymentIntent = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
  const warning: Stripe.Radar.EarlyFraudWarning = {
    id: newId('issfr'),
    object: TYPE,
    actionable: !charge.refunded && !charge.disputed,
    charge: charge.id,
    created: emulator.clock.now(),
    fraud_type: fraudType,
    livemode: false,
    ...(paymentIntent ? { payment_intent: paymentIntent } : {}),
  };
  const stored = emulator.store.insert(warning as EarlyFraudWarningObject);
  emulator.events.emit(null, `${TYPE}.created`, stored);
  return stored;
}

/**
 * `charge` was refunded in full or disputed: its warnings are no longer actionable, each with
 * `radar.early_fraud_warning.updated` (previous_attributes `{actionable: true}`).
 */
export function settleEarlyFraudWarnings(emulator: Emulator, ctx: RequestContext | null, charge: ChargeObject): void {
  for (const warning of emulator.store.list<EarlyFraudWarningObject>(TYPE)) {
    if (warning.charge !== charge.id || !warning.actionable) continue;
    emulator.events.emit(ctx, `${TYPE}.updated`, warning, update(warning, { actionable: false }));
  }
}

/** Early fraud warnings: sent by the issuer of the warning test card; retrieve, list (by charge or PaymentIntent). */
export function registerEarlyFraudWarnings(app: FastifyInstance, emulator: Emulator): void {
  defineRoute(app, emulator, 'GET', '/v1/radar/early_fraud_warnings/:id', ({ path }) =>
    getEarlyFraudWarning(emulator, path.id!),
  );

  defineRoute(app, emulator, 'GET', '/v1/radar/early_fraud_warnings', ({ params, url }) => {
    allowOnly(params, ['limit', 'starting_after', 'ending_before', 'created', 'charge', 'payment_intent']);
    const charge = str(params, 'charge');
    if (charge) getCharge(emulator, charge);
    return listMatching(emulator.store.list<EarlyFraudWarningObject>(TYPE), params, url, ['charge', 'payment_intent']);
  });
}
