import type { Emulator } from '../emulator';
import type { ChargeObject } from './charge-store';
import { openDispute } from './disputes';
import { createEarlyFraudWarning } from './early-fraud-warnings';
import { cardFor } from './test-cards';

// What a test card's issuer does some time after its charge is captured: the dispute cards are disputed, the
// warning card gets an early fraud warning. Both wait the same short moment, as on Stripe (where it is seconds).

/** How long after the capture the issuer acts (ms, wall clock). */
export const issuerTiming = { actMs: 50 };

/** After a capture: schedules what the charge's test card makes its issuer do, if anything. */
export function scheduleIssuerActions(emulator: Emulator, charge: ChargeObject): void {
  const card = charge._testCard ? cardFor(charge._testCard) : undefined;
  if (!card || (!card.dispute && !card.earlyFraudWarning) || !charge.captured) return;
  charge._issuerActionPending = true;
  setTimeout(() => {
    if (emulator.store.get(charge.id) !== charge || !charge._issuerActionPending) return;
    delete charge._issuerActionPending;
    if (card.dispute) openDispute(emulator, charge, card.dispute);
    if (card.earlyFraudWarning) createEarlyFraudWarning(emulator, charge, card.earlyFraudWarning);
  }, issuerTiming.actMs).unref();
}

/** Re-arms what was due when the state was saved (the server restarted with a state file). */
export function resumeIssuerActions(emulator: Emulator): void {
  for (const charge of emulator.store.list<ChargeObject>('charge')) {
    if (charge._issuerActionPending) scheduleIssuerActions(emulator, charge);
  }
}
