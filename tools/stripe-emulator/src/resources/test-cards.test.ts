import { describe, expect, it } from 'vitest';
import { TEST_CARDS, TEST_PAYMENT_METHODS, brandOf, cardFor, luhnValid, outcomeFor } from './test-cards';

describe('test card catalog', () => {
  it('holds only Luhn-valid numbers whose prefix gives their brand', () => {
    for (const [number, card] of TEST_CARDS) {
      expect(luhnValid(number), number).toBe(true);
      expect(brandOf(number), number).toBe(card.brand);
    }
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(luhnValid('42424242')).toBe(false);
    expect(luhnValid('4242x24242424242')).toBe(false);
  });

  it('maps every pm_card_* id to a catalog card', () => {
    for (const [id, number] of Object.entries(TEST_PAYMENT_METHODS)) {
      expect(TEST_CARDS.has(number), id).toBe(true);
    }
    expect(TEST_PAYMENT_METHODS.pm_card_authenticationRequired).toBe('4000002760003184');
    expect(TEST_PAYMENT_METHODS.pm_card_createDispute).toBe('4000000000000259');
    expect(TEST_PAYMENT_METHODS.pm_card_refundFail).toBe('4000000000005126');
    expect(TEST_PAYMENT_METHODS.pm_card_createDisputeInquiry).toBe('4000000000001976');
    expect(TEST_PAYMENT_METHODS.pm_card_createIssuerFraudRecord).toBe('4000000000005423');
    expect(TEST_PAYMENT_METHODS.pm_card_riskLevelElevated).toBe('4000000000009235');
  });

  it('describes each documented behaviour', () => {
    expect(cardFor('4000000000000002').decline).toMatchObject({
      code: 'card_declined',
      declineCode: 'generic_decline',
    });
    expect(cardFor('4000000000009995').decline?.message).toBe('Your card has insufficient funds.');
    expect(cardFor('4000000000009987').decline?.declineCode).toBe('lost_card');
    expect(cardFor('4000000000009979').decline?.declineCode).toBe('stolen_card');
    expect(cardFor('4000000000000069').decline).toMatchObject({
      code: 'expired_card',
      message: 'Your card has expired.',
    });
    expect(cardFor('4000000000000127').decline).toMatchObject({
      code: 'incorrect_cvc',
      message: "Your card's security code is incorrect.",
    });
    expect(cardFor('4000000000000119').decline?.message).toBe(
      'An error occurred while processing your card. Try again in a little bit.',
    );
    expect(cardFor('4000002760003184').threeDS).toBe('always');
    expect(cardFor('4000002500003155').threeDS).toBe('unless_set_up');
    expect(cardFor('4000000000000259').dispute).toEqual({ reason: 'fraudulent', caseType: 'chargeback' });
    expect(cardFor('4000000000001976').dispute).toEqual({ reason: 'fraudulent', caseType: 'inquiry' });
    expect(cardFor('4000000000005423').earlyFraudWarning).toBe('made_with_stolen_card');
    expect(cardFor('4000000000009235').risk).toBe('elevated');
    expect(cardFor('4000000000005126').refundFailure).toBe('expired_or_canceled_card');
    // Any other valid number simply works.
    expect(cardFor('4111111111111111')).toEqual({
      number: '4111111111111111',
      brand: 'visa',
      funding: 'credit',
      country: 'US',
    });
    expect(outcomeFor(cardFor('4242424242424242'), 'authorized')).toMatchObject({
      network_status: 'approved_by_network',
      type: 'authorized',
    });
    expect(outcomeFor(cardFor('4000000000009235'), 'authorized')).toMatchObject({
      network_status: 'approved_by_network',
      type: 'manual_review',
      reason: 'elevated_risk_level',
      risk_level: 'elevated',
    });
    expect(outcomeFor(cardFor('4000000000009995'), 'declined')).toMatchObject({
      network_status: 'declined_by_network',
      type: 'issuer_declined',
      reason: 'insufficient_funds',
      seller_message: 'The bank returned the decline code `insufficient_funds`.',
    });
  });
});
