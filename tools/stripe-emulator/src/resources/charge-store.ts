import type Stripe from 'stripe';
import type { Emulator } from '../emulator';
import type { StoredObject } from '../state';
import { stripeErrors } from '../wire/errors';

// A charge as the emulator stores it, and its lookup: shared by charges and what happens to one (refunds, disputes,
// reviews, early fraud warnings).

export type ChargeObject = Stripe.Charge &
  StoredObject & {
    /** The documented test card the charge was made with (public numbers only), for disputes and refund failures. */
    _testCard: string | null;
    /** Its issuer will dispute it or send an early fraud warning (survives a restart with a state file). */
    _issuerActionPending?: boolean;
    /** A pending SEPA debit settles at this emulator-clock time (unix seconds). */
    _settlesAt?: number;
  };

export function getCharge(emulator: Emulator, id: string, param = 'charge'): ChargeObject {
  const charge = emulator.store.get<ChargeObject>(id, 'charge');
  if (!charge) throw stripeErrors.missing('charge', id, param);
  return charge;
}
