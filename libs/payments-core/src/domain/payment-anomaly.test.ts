import { describe, expect, it } from 'vitest';
import { paymentIntentAnomaly, type OrderPaymentTerms } from './payment-anomaly';

const order: OrderPaymentTerms = { paymentIntentId: 'pi_own', amount: 3600, currency: 'jpy', livemode: true };
const own = { id: 'pi_own', amount: 3600, currency: 'jpy', livemode: true };

describe('paymentIntentAnomaly', () => {
  it('accepts the order’s own PaymentIntent for its amount, currency and mode', () => {
    expect(paymentIntentAnomaly(own, order)).toBeNull();
    expect(paymentIntentAnomaly({ ...own, currency: 'JPY' }, order)).toBeNull();
  });

  it('accepts a matching PaymentIntent while checkout has recorded none yet', () => {
    expect(paymentIntentAnomaly({ ...own, id: 'pi_first' }, { ...order, paymentIntentId: null })).toBeNull();
  });

  it('names the first rule broken', () => {
    expect(paymentIntentAnomaly({ ...own, id: 'pi_other' }, order)).toEqual({
      kind: 'foreign_payment_intent',
      expected: 'pi_own',
      actual: 'pi_other',
    });
    expect(paymentIntentAnomaly({ ...own, livemode: false }, order)?.kind).toBe('livemode_mismatch');
    expect(paymentIntentAnomaly({ ...own, currency: 'usd' }, order)?.kind).toBe('currency_mismatch');
    expect(paymentIntentAnomaly({ ...own, amount: 1 }, order)).toEqual({
      kind: 'amount_mismatch',
      expected: 3600,
      actual: 1,
    });
    // A foreign PaymentIntent for a wrong amount is reported as foreign: the stronger finding.
    expect(paymentIntentAnomaly({ ...own, id: 'pi_other', amount: 1 }, order)?.kind).toBe('foreign_payment_intent');
    const unrecorded = { ...order, paymentIntentId: null };
    expect(paymentIntentAnomaly({ ...own, id: 'pi_x', amount: 1 }, unrecorded)?.kind).toBe('amount_mismatch');
  });
});
