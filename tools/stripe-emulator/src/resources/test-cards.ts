import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import { StripeApiError, type StripeErrorBody } from '../wire/errors';

/** `card.brand` values as Stripe sends them on PaymentMethods and Charges. */
export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay' | 'unknown';

/** How the issuer answers an authorization for a declining test card. */
export interface CardDecline {
  /** Error `code`: `card_declined`, `expired_card`, `incorrect_cvc`, `processing_error`. */
  code: string;
  declineCode: string;
  message: string;
  /** Error `param` Stripe names for this decline (`exp_month`, `cvc`), if any. */
  param?: string;
  adviceCode: Stripe.Charge.Outcome.AdviceCode | null;
  /** Charge `outcome`. */
  networkStatus: 'declined_by_network' | 'not_sent_to_network';
  type: 'issuer_declined' | 'blocked';
  reason: string;
  sellerMessage: string;
  riskLevel: string;
  riskScore: number;
}

export interface TestDispute {
  reason: 'fraudulent' | 'product_not_received';
  /** `payment_method_details.card.case_type` of the dispute. */
  caseType: 'chargeback' | 'inquiry';
}

export interface TestCard {
  number: string;
  brand: CardBrand;
  funding: 'credit' | 'debit' | 'prepaid' | 'unknown';
  country: string;
  /** Every charge attempt fails this way. */
  decline?: CardDecline;
  /** The $0 verification Stripe runs on attach / SetupIntent confirmation fails too (default: when `decline`). */
  declineOnSetup?: boolean;
  /** 3D Secure: required on every payment, or only until the card was set up (SetupIntent / saved with 3DS). */
  threeDS?: 'always' | 'unless_set_up';
  /**
   * A successful charge is disputed shortly after, for this reason: as a `chargeback` (funds withdrawn) or an
   * `inquiry` (the issuer asks first; nothing is withdrawn).
   */
  dispute?: TestDispute;
  /** A successful charge receives an early fraud warning from its issuer shortly after, of this fraud type. */
  earlyFraudWarning?: 'made_with_stolen_card';
  /** Radar scores its charges this risky: `elevated` places them in manual review (a Review opens). */
  risk?: 'elevated';
  /** Refunds of its charges fail asynchronously. */
  refundFailure?: 'expired_or_canceled_card';
}

const declined = (declineCode: string, message: string, extra: Partial<CardDecline> = {}): CardDecline => ({
  code: 'card_declined',
  declineCode,
  message,
  adviceCode: 'try_again_later',
  networkStatus: 'declined_by_network',
  type: 'issuer_declined',
  reason: declineCode,
  sellerMessage: `The bank returned the decline code \`${declineCode}\`.`,
  riskLevel: 'normal',
  riskScore: 24,
  ...extra,
});

const DECLINES = {
  generic: declined('generic_decline', 'Your card was declined.', {
    sellerMessage: 'The bank did not return any further details with this decline.',
  }),
  insufficientFunds: declined('insufficient_funds', 'Your card has insufficient funds.'),
  lost: declined('lost_card', 'Your card was declined.', { adviceCode: 'do_not_try_again' }),
  stolen: declined('stolen_card', 'Your card was declined.', { adviceCode: 'do_not_try_again' }),
  expired: declined('expired_card', 'Your card has expired.', {
    code: 'expired_card',
    param: 'exp_month',
    adviceCode: 'confirm_card_data',
  }),
  incorrectCvc: declined('incorrect_cvc', "Your card's security code is incorrect.", {
    code: 'incorrect_cvc',
    param: 'cvc',
    adviceCode: 'confirm_card_data',
  }),
  processingError: declined(
    'processing_error',
    'An error occurred while processing your card. Try again in a little bit.',
    { code: 'processing_error' },
  ),
  velocity: declined(
    'card_velocity_exceeded',
    'Your card was declined for making repeated attempts too frequently or exceeding its amount limit.',
  ),
  radarBlock: declined('fraudulent', 'Your card was declined.', {
    networkStatus: 'not_sent_to_network',
    type: 'blocked',
    reason: 'highest_risk_level',
    sellerMessage: 'Stripe blocked this payment as too risky.',
    riskLevel: 'highest',
    riskScore: 95,
    adviceCode: 'do_not_try_again',
  }),
} satisfies Record<string, CardDecline>;

const card = (number: string, brand: CardBrand, extra: Partial<TestCard> = {}): TestCard => ({
  number,
  brand,
  funding: 'credit',
  country: 'US',
  ...extra,
});

/** The test card numbers Stripe documents (https://docs.stripe.com/testing), by number. */
export const TEST_CARDS: ReadonlyMap<string, TestCard> = new Map(
  [
    card('4242424242424242', 'visa'),
    card('4000056655665556', 'visa', { funding: 'debit' }),
    card('4000000000000077', 'visa'),
    card('5555555555554444', 'mastercard'),
    card('2223003122003222', 'mastercard'),
    card('5200828282828210', 'mastercard', { funding: 'debit' }),
    card('5105105105105100', 'mastercard', { funding: 'prepaid' }),
    card('378282246310005', 'amex'),
    card('371449635398431', 'amex'),
    card('6011111111111117', 'discover'),
    card('6011000990139424', 'discover'),
    card('3056930009020004', 'diners'),
    card('36227206271667', 'diners'),
    card('3566002020360505', 'jcb'),
    card('6200000000000005', 'unionpay'),
    card('4000000000000002', 'visa', { decline: DECLINES.generic }),
    card('4000000000009995', 'visa', { decline: DECLINES.insufficientFunds }),
    card('4000000000009987', 'visa', { decline: DECLINES.lost }),
    card('4000000000009979', 'visa', { decline: DECLINES.stolen }),
    card('4000000000000069', 'visa', { decline: DECLINES.expired }),
    card('4000000000000127', 'visa', { decline: DECLINES.incorrectCvc }),
    card('4000000000000119', 'visa', { decline: DECLINES.processingError }),
    card('4000000000006975', 'visa', { decline: DECLINES.velocity }),
    card('4100000000000019', 'visa', { decline: DECLINES.radarBlock }),
    // Attaching succeeds; charging it fails.
    card('4000000000000341', 'visa', { decline: DECLINES.generic, declineOnSetup: false }),
    card('4000002760003184', 'visa', { threeDS: 'always' }),
    card('4000000000003220', 'visa', { threeDS: 'always' }),
    card('4000000000003063', 'visa', { threeDS: 'always' }),
    card('4000002500003155', 'visa', { threeDS: 'unless_set_up' }),
    card('4000000000000259', 'visa', { dispute: { reason: 'fraudulent', caseType: 'chargeback' } }),
    card('4000000000002685', 'visa', { dispute: { reason: 'product_not_received', caseType: 'chargeback' } }),
    card('4000000000001976', 'visa', { dispute: { reason: 'fraudulent', caseType: 'inquiry' } }),
    card('4000000000005423', 'visa', { earlyFraudWarning: 'made_with_stolen_card' }),
    card('4000000000009235', 'visa', { risk: 'elevated' }),
    card('4000000000005126', 'visa', { refundFailure: 'expired_or_canceled_card' }),
  ].map((c) => [c.number, c]),
);

/** The `pm_card_*` PaymentMethod ids Stripe resolves in test mode, to their card numbers. */
export const TEST_PAYMENT_METHODS: Readonly<Record<string, string>> = {
  pm_card_visa: '4242424242424242',
  pm_card_visa_debit: '4000056655665556',
  pm_card_mastercard: '5555555555554444',
  pm_card_mastercard_debit: '5200828282828210',
  pm_card_mastercard_prepaid: '5105105105105100',
  pm_card_amex: '378282246310005',
  pm_card_discover: '6011111111111117',
  pm_card_diners: '3056930009020004',
  pm_card_jcb: '3566002020360505',
  pm_card_unionpay: '6200000000000005',
  pm_card_bypassPending: '4000000000000077',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_visa_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_visa_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeDeclinedLostCard: '4000000000009987',
  pm_card_visa_chargeDeclinedLostCard: '4000000000009987',
  pm_card_chargeDeclinedStolenCard: '4000000000009979',
  pm_card_visa_chargeDeclinedStolenCard: '4000000000009979',
  pm_card_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_chargeDeclinedIncorrectCvc: '4000000000000127',
  pm_card_chargeDeclinedProcessingError: '4000000000000119',
  pm_card_visa_chargeDeclinedVelocityLimitExceeded: '4000000000006975',
  pm_card_radarBlock: '4100000000000019',
  pm_card_chargeCustomerFail: '4000000000000341',
  pm_card_authenticationRequired: '4000002760003184',
  pm_card_threeDSecure2Required: '4000000000003220',
  pm_card_threeDSecureRequired: '4000000000003063',
  pm_card_authenticationRequiredOnSetup: '4000002500003155',
  pm_card_createDispute: '4000000000000259',
  pm_card_createDisputeProductNotReceived: '4000000000002685',
  pm_card_createDisputeInquiry: '4000000000001976',
  pm_card_createIssuerFraudRecord: '4000000000005423',
  pm_card_riskLevelElevated: '4000000000009235',
  pm_card_refundFail: '4000000000005126',
};

/** Luhn checksum, as every card number must pass. */
export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The card network from the number's prefix (IIN ranges). */
export function brandOf(number: string): CardBrand {
  const two = Number(number.slice(0, 2));
  const four = Number(number.slice(0, 4));
  if (number.startsWith('4')) return 'visa';
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  if (two === 34 || two === 37) return 'amex';
  if (number.startsWith('6011') || two === 65 || (four >= 6440 && four <= 6499)) return 'discover';
  if (two === 36 || two === 38 || two === 39 || (four >= 3000 && four <= 3059)) return 'diners';
  if (two === 35) return 'jcb';
  if (two === 62) return 'unionpay';
  return 'unknown';
}

/** A card number's behaviour: a documented test card, or (any other Luhn-valid number) a card that just works. */
export function cardFor(number: string): TestCard {
  return TEST_CARDS.get(number) ?? card(number, brandOf(number));
}

/** `display_brand` as Stripe spells it. */
export function displayBrand(brand: CardBrand): string {
  const names: Record<CardBrand, string> = {
    visa: 'visa',
    mastercard: 'mastercard',
    amex: 'american_express',
    discover: 'discover',
    diners: 'diners_club',
    jcb: 'jcb',
    unionpay: 'union_pay',
    unknown: 'other',
  };
  return names[brand];
}

/** Stripe's per-card `fingerprint`: the same number always gives the same value. */
export function fingerprint(number: string): string {
  return createHash('sha256').update(`emulator:${number}`).digest('base64url').replace(/[-_]/g, 'x').slice(0, 16);
}

/** Charge `outcome` for an authorization with this card. */
export function outcomeFor(testCard: TestCard, attempt: 'authorized' | 'declined'): Stripe.Charge.Outcome {
  const decline = attempt === 'declined' ? testCard.decline : undefined;
  if (!decline) {
    const approved = {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: 'approved_by_network',
    };
    // Radar's default review rule (`Review if :risk_level: = 'elevated'`) places elevated-risk payments in review.
    if (testCard.risk === 'elevated') {
      return {
        ...approved,
        reason: 'elevated_risk_level',
        risk_level: 'elevated',
        risk_score: 67,
        seller_message:
          'Stripe evaluated this payment as having elevated risk, and placed it in your manual review queue.',
        type: 'manual_review',
      };
    }
    return {
      ...approved,
      reason: null,
      risk_level: 'normal',
      risk_score: 32,
      seller_message: 'Payment complete.',
      type: 'authorized',
    };
  }
  return {
    advice_code: decline.adviceCode,
    network_advice_code: null,
    network_decline_code: null,
    network_status: decline.networkStatus,
    reason: decline.reason,
    risk_level: decline.riskLevel,
    risk_score: decline.riskScore,
    seller_message: decline.sellerMessage,
    type: decline.type,
  };
}

const docUrl = (code: string) => `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`;

/** A 402 `card_error` as Stripe answers it, with whatever objects the failure concerns. */
export function cardError(
  fields: { code: string; message: string; decline_code?: string; param?: string; advice_code?: string | null },
  context: { payment_intent?: unknown; setup_intent?: unknown; payment_method?: unknown; charge?: string } = {},
): StripeApiError {
  const { advice_code: adviceCode, ...rest } = fields;
  const body: StripeErrorBody & Record<string, unknown> = {
    type: 'card_error',
    ...rest,
    ...(adviceCode ? { advice_code: adviceCode } : {}),
    doc_url: docUrl(fields.code),
    ...context,
  };
  return new StripeApiError(402, body);
}

/** The error fields of a decline (`code`, `decline_code`, `message`, `param`, `advice_code`). */
export function declineFields(decline: CardDecline) {
  return {
    code: decline.code,
    decline_code: decline.declineCode,
    message: decline.message,
    ...(decline.param ? { param: decline.param } : {}),
    advice_code: decline.adviceCode,
  };
}
