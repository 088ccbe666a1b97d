import { describe, expect, it } from 'vitest';
import { eraseFromJson, eraseFromText, personalTextIn, stripPersonalData } from './personal-data';

const chargeEvent = {
  id: 'evt_1',
  type: 'charge.succeeded',
  data: {
    object: {
      id: 'ch_1',
      amount: 4900,
      currency: 'eur',
      receipt_email: 'sam@example.com',
      description: 'Order for Sam Lee',
      billing_details: { name: 'Sam Lee', email: 'Sam@Example.com', phone: '+4930123', address: { city: 'Berlin' } },
      payment_method_details: { card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030, country: 'US' } },
      metadata: { order_id: 'o1' },
      shipping: null,
    },
  },
};

describe('stripPersonalData', () => {
  it('nulls contact and card details at any depth and keeps ids, amounts and the shape', () => {
    const stripped = stripPersonalData(chargeEvent);
    const charge = stripped.data.object;
    expect(charge).toMatchObject({ id: 'ch_1', amount: 4900, currency: 'eur', receipt_email: null, description: null });
    expect(charge.billing_details).toEqual({ name: null, email: null, phone: null, address: null });
    expect(charge.payment_method_details.card).toEqual({
      brand: 'visa',
      last4: null,
      exp_month: null,
      exp_year: null,
      country: 'US',
    });
    expect(charge.metadata).toEqual({ order_id: 'o1' });
    expect(JSON.stringify(stripped)).not.toMatch(/sam|lee|4242|4930/i);
    // The input is left as it was.
    expect(chargeEvent.data.object.receipt_email).toBe('sam@example.com');
  });

  it('answers the very same value when there is nothing personal in it', () => {
    const clean = { id: 'evt_2', data: { object: { id: 'pi_1', amount: 1, shipping: null } } };
    expect(stripPersonalData(clean)).toBe(clean);
    expect(stripPersonalData(stripPersonalData(chargeEvent))).toEqual(stripPersonalData(chargeEvent));
  });
});

describe('personalTextIn and eraseFromText', () => {
  it('finds the emails, names and phones a payload holds', () => {
    expect([...personalTextIn(chargeEvent)].sort()).toEqual([
      '+4930123',
      'Sam Lee',
      'Sam@Example.com',
      'sam@example.com',
    ]);
  });

  it('takes every occurrence out of free text, in any case, emails before the names inside them', () => {
    expect(eraseFromText('Sam Lee (SAM@example.com) asked twice, sam lee said', ['Sam Lee', 'sam@example.com'])).toBe(
      '[erased] ([erased]) asked twice, [erased] said',
    );
    expect(eraseFromText('no one here', ['Sam Lee'])).toBe('no one here');
    // Regular-expression characters in a value are taken literally; one-letter values are not searched for.
    expect(eraseFromText('a+b@x.io wrote', ['a+b@x.io', 'a'])).toBe('[erased] wrote');
  });

  it('erases inside every string of a JSON value', () => {
    expect(eraseFromJson({ note: 'for Sam Lee', list: ['sam lee', 3] }, ['Sam Lee'])).toEqual({
      note: 'for [erased]',
      list: ['[erased]', 3],
    });
  });
});
