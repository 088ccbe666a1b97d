import type { Emulator } from '../emulator';
import type { ChargeObject } from './charge-store';
import { openDispute } from './disputes';
import { createEarlyFraudWarning } from './early-fraud-warnings';
import { cardFor } from './test-cards';

// What a test card's issuer does once its charge is captured: the dispute cards are disputed, the warning card gets
// an early fraud warning. In test mode Stripe does both at once: the dispute already exists when the confirmation
// (or capture) returns, which is what Stripe's own CLI fixtures rely on (they list `/v1/disputes?payment_intent=`
// straight after confirming). The caller runs them after the payment's own events, so a webhook consumer learns
// of the payment before its dispute.

/** After a capture: what the charge's test card makes its issuer do, if anything, now. */
export function runIssuerActions(emulator: Emulator, charge: ChargeObject): void {
  const card = charge._testCard ? cardFor(charge._testCard) : undefined;
  delete charge._issuerActionPending;
  if (!card || (!card.dispute && !card.earlyFraudWarning) || !charge.captured) return;
  if (card.dispute) openDispute(emulator, charge, card.dispute);
  if (card.earlyFraudWarning) createEarlyFraudWarning(emulator, charge, card.earlyFraudWarning);
}

/** A state file saved by an earlier version, while an issuer action was still due: it happens now. */
export function resumeIssuerActions(emulator: Emulator): void {
  for (const charge of emulator.store.list<ChargeObject>('charge')) {
    if (charge._issuerActionPending) runIssuerActions(emulator, charge);
  }
}
