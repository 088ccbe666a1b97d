import type Stripe from 'stripe';
import { StripeApiError } from '../wire/errors';
import { fingerprint } from './test-cards';

// SEPA Direct Debit: the `sepa_debit` details Stripe shows of a PaymentMethod (never the IBAN itself), and how
// Stripe's test IBANs settle (https://docs.stripe.com/payments/sepa-debit/accept-a-payment, "Test your
// integration"). IBANs are checked by stripe-js/assets/iban.js, which the Payment Element's frame uses too.

/** Where the bank and branch codes sit in the BBAN (after the country and check digits): [start, length]. */
const BANK_CODES: Readonly<Record<string, { bank: [number, number]; branch?: [number, number] }>> = {
  AT: { bank: [0, 5] },
  BE: { bank: [0, 3] },
  DE: { bank: [0, 8] },
  ES: { bank: [0, 4], branch: [4, 4] },
  FR: { bank: [0, 5], branch: [5, 5] },
  IE: { bank: [0, 4], branch: [4, 6] },
  IT: { bank: [1, 5], branch: [6, 5] },
  LU: { bank: [0, 3] },
  NL: { bank: [0, 4] },
  PT: { bank: [0, 4], branch: [4, 4] },
};

/** Stripe's 400 for an IBAN that is malformed or fails its checksum. */
export function invalidIbanError(param = 'sepa_debit[iban]'): StripeApiError {
  return new StripeApiError(400, {
    type: 'invalid_request_error',
    code: 'invalid_bank_account_iban',
    message: 'The IBAN you provided is invalid.',
    param,
    doc_url: 'https://stripe.com/docs/error-codes/invalid-bank-account-iban',
  });
}

/** The `sepa_debit` hash of a PaymentMethod: bank and branch codes, country, last4 and a stable fingerprint. */
export function sepaDebitDetails(iban: string): Stripe.PaymentMethod.SepaDebit {
  const country = iban.slice(0, 2);
  const bban = iban.slice(4);
  const layout = BANK_CODES[country];
  const part = (range?: [number, number]) => (range ? bban.slice(range[0], range[0] + range[1]) : '');
  return {
    bank_code: layout ? part(layout.bank) : null,
    branch_code: layout ? part(layout.branch) : null,
    country,
    fingerprint: fingerprint(`iban:${iban}`),
    generated_from: null,
    last4: iban.slice(-4),
  };
}

/** How a debit from a test IBAN ends. */
export interface SepaOutcome {
  outcome: 'succeeded' | 'failed';
  /** Settles days later, as a live debit does, instead of at once. */
  delayed: boolean;
  /** The charge's `failure_code` and `failure_message` when it fails. */
  failure?: { code: string; message: string };
}

const INSUFFICIENT_FUNDS = {
  code: 'insufficient_funds',
  message: "The customer's account has insufficient funds to cover this payment.",
};
const VOLUME_LIMIT = {
  code: 'charge_exceeds_source_limit',
  message: 'This payment would make the account exceed its weekly payment volume limit.',
};
const TRANSACTION_LIMIT = {
  code: 'charge_exceeds_weekly_limit',
  message: "This payment exceeds the account's weekly transaction limit.",
};

const succeeds = (delayed: boolean): SepaOutcome => ({ outcome: 'succeeded', delayed });
const fails = (failure: SepaOutcome['failure'], delayed = false): SepaOutcome => ({
  outcome: 'failed',
  delayed,
  failure,
});

/** Stripe's documented test IBANs (Austria and Germany), by IBAN. Any other valid IBAN succeeds at once. */
export const TEST_IBANS: ReadonlyMap<string, SepaOutcome> = new Map([
  ['AT611904300234573201', succeeds(false)],
  ['AT321904300235473204', succeeds(true)],
  ['AT861904300235473202', fails(INSUFFICIENT_FUNDS)],
  ['AT051904300235473205', fails(INSUFFICIENT_FUNDS, true)],
  ['AT981904300000343434', fails(VOLUME_LIMIT)],
  ['AT601904300000121212', fails(TRANSACTION_LIMIT)],
  ['AT981904300002222227', fails(INSUFFICIENT_FUNDS)],
  ['DE89370400440532013000', succeeds(false)],
  ['DE08370400440532013003', succeeds(true)],
  ['DE62370400440532013001', fails(INSUFFICIENT_FUNDS)],
  ['DE78370400440532013004', fails(INSUFFICIENT_FUNDS, true)],
  ['DE65370400440000343434', fails(VOLUME_LIMIT)],
  ['DE27370400440000121212', fails(TRANSACTION_LIMIT)],
  ['DE65370400440002222227', fails(INSUFFICIENT_FUNDS)],
]);

/** What debiting `testIban` (a documented test IBAN, or null for any other) does. */
export function sepaOutcomeOf(testIban: string | null | undefined): SepaOutcome {
  return (testIban ? TEST_IBANS.get(testIban) : undefined) ?? succeeds(false);
}

/**
 * How long a SEPA debit stays `processing`, in Stripe-time seconds (compressed by the emulator's time factor, and
 * passed at once by `POST /_emulator/clock/advance`). The plain test IBANs settle within seconds, as in Stripe's test
 * mode. The "delayed" ones take what a live debit takes, days (Stripe's test mode shortens that to minutes): on the
 * default time factor (3600) a shop sees an order processing for two minutes, long enough to be looked at, and a
 * test passes the wait with the clock or the settle endpoint.
 */
export const SEPA_SETTLEMENT_SECONDS = { immediate: 5, delayed: 5 * 24 * 3600 };

export function settlementDelaySeconds(outcome: SepaOutcome): number {
  return outcome.delayed ? SEPA_SETTLEMENT_SECONDS.delayed : SEPA_SETTLEMENT_SECONDS.immediate;
}

/** Stripe's SEPA mandate text, as the Payment Element shows it (the business name filled in). */
export function sepaMandateText(business: string): string {
  return `By providing your payment information and confirming this payment, you authorise (A) ${business} and Stripe, our payment service provider, to send instructions to your bank to debit your account and (B) your bank to debit your account in accordance with those instructions. As part of your rights, you are entitled to a refund from your bank under the terms and conditions of your agreement with your bank. A refund must be claimed within 8 weeks starting from the date on which your account was debited. Your rights are explained in a statement that you can obtain from your bank. You agree to receive notifications for future debits up to 2 days before they occur.`;
}
