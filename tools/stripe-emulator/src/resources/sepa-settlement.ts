import type Stripe from 'stripe';
import type { Emulator } from '../emulator';
import type { StoredObject } from '../state';
import { update } from '../state';
import { wallClockMs } from '../webhooks/schedule';
import { stripeErrors } from '../wire/errors';
import { stripInternal } from '../wire/expand';
import type { ChargeObject } from './charge-store';
import { settleSepaCharge } from './charges';
import type { PaymentMethodObject } from './payment-methods';
import { sepaOutcomeOf } from './sepa-debit';

// When a processing SEPA Direct Debit settles: on the emulator's clock, `settlementDelaySeconds` after its
// confirmation. A timer compresses the wait by the time factor (as webhook retries are); `POST
// /_emulator/clock/advance` past the moment settles it at once; `POST /_emulator/payment_intents/:id/settle` any time.

type PaymentIntentObject = Stripe.PaymentIntent & StoredObject;

const docUrl = (code: string) => `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`;

/** What a forced failure of a debit that would have succeeded reports. */
const FORCED_FAILURE = { code: 'generic_could_not_process', message: 'The payment could not be processed.' };

function arm(emulator: Emulator, charge: ChargeObject): void {
  const remaining = Math.max(0, (charge._settlesAt ?? 0) - emulator.clock.now());
  setTimeout(
    () => {
      if (emulator.store.get(charge.id) !== charge || charge.status !== 'pending') return;
      const intentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : null;
      if (intentId) settleSepaPaymentIntent(emulator, intentId);
    },
    wallClockMs(remaining, emulator.timeFactor),
  ).unref();
}

/** A SEPA debit was submitted: it settles `delaySeconds` (Stripe time) from now. */
export function scheduleSepaSettlement(emulator: Emulator, charge: ChargeObject, delaySeconds: number): void {
  charge._settlesAt = emulator.clock.now() + delaySeconds;
  arm(emulator, charge);
}

/** Re-arms the debits still pending when the state was saved (a restart with a state file). */
export function resumeSepaSettlements(emulator: Emulator): void {
  for (const charge of emulator.store.list<ChargeObject>('charge')) {
    if (charge.status === 'pending' && charge._settlesAt !== undefined) arm(emulator, charge);
  }
}

/** The clock moved: settles every debit whose moment has come, oldest first. */
export function settleDueSepaDebits(emulator: Emulator): void {
  const now = emulator.clock.now();
  for (const charge of emulator.store.list<ChargeObject>('charge').reverse()) {
    if (charge.status !== 'pending' || charge._settlesAt === undefined || charge._settlesAt > now) continue;
    if (typeof charge.payment_intent === 'string') settleSepaPaymentIntent(emulator, charge.payment_intent);
  }
}

/**
 * Settles a `processing` SEPA PaymentIntent now: `succeeded` (charge.succeeded, payment_intent.succeeded) or
 * `failed` (charge.failed with the bank's failure code; the PaymentIntent back to `requires_payment_method` with
 * `last_payment_error`, payment_intent.payment_failed). Default: what its test IBAN decides.
 */
export function settleSepaPaymentIntent(
  emulator: Emulator,
  intentId: string,
  forced?: 'succeeded' | 'failed',
): PaymentIntentObject {
  const intent = emulator.store.get<PaymentIntentObject>(intentId, 'payment_intent');
  if (!intent) throw stripeErrors.missing('payment_intent', intentId, 'id');
  const charge =
    typeof intent.latest_charge === 'string' ? emulator.store.get<ChargeObject>(intent.latest_charge, 'charge') : null;
  if (intent.status !== 'processing' || !charge || charge.status !== 'pending') {
    throw stripeErrors.invalidRequest(
      `PaymentIntent ${intent.id} has a status of ${intent.status}; only a processing PaymentIntent can settle.`,
    );
  }
  const paymentMethod = emulator.store.get<PaymentMethodObject>(charge.payment_method as string, 'payment_method');
  const decided = sepaOutcomeOf(paymentMethod?._testIban);
  const outcome = forced ?? decided.outcome;
  if (outcome === 'succeeded') {
    settleSepaCharge(emulator, charge, undefined);
    update(intent, { status: 'succeeded', amount_received: intent.amount });
    emulator.events.emit(null, 'payment_intent.succeeded', intent);
    return intent;
  }
  const failure = decided.failure ?? FORCED_FAILURE;
  settleSepaCharge(emulator, charge, failure);
  if (paymentMethod && !paymentMethod.customer) paymentMethod._consumed = true;
  update(intent, {
    status: 'requires_payment_method',
    payment_method: null,
    last_payment_error: {
      charge: charge.id,
      code: failure.code,
      doc_url: docUrl(failure.code),
      message: failure.message,
      payment_method: paymentMethod ? stripInternal(structuredClone(paymentMethod)) : undefined,
      type: 'card_error',
    } satisfies Stripe.PaymentIntent.LastPaymentError,
  });
  emulator.events.emit(null, 'payment_intent.payment_failed', intent);
  return intent;
}
