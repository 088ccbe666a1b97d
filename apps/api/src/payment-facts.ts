import type { PaymentIntentFacts } from '@storepay/db';
import type { PaymentIntentSnapshot } from '@storepay/payments-core/server';

/** The parts of a PaymentIntent snapshot the order mirror keeps. */
export function factsOf(intent: PaymentIntentSnapshot): PaymentIntentFacts {
  return {
    id: intent.id,
    status: intent.status,
    amount: intent.amount.amount,
    currency: intent.amount.currency,
    amountReceived: intent.amountReceived,
    latestChargeId: intent.latestChargeId,
    lastPaymentError: intent.lastPaymentError,
  };
}
