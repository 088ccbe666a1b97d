import { describe, expect, it } from 'vitest';
import { priceOrder, type CatalogEntry } from './pricing';
import { canMoveOrderStatus, orderStatusForPaymentIntent } from './payment-status';

const catalog = new Map<string, CatalogEntry>([
  ['p1', { productId: 'p1', name: 'Mug', active: true, prices: { usd: 1850, jpy: 2600 } }],
  ['p2', { productId: 'p2', name: 'Kettle', active: true, prices: { usd: 6900 } }],
  ['p3', { productId: 'p3', name: 'Old', active: false, prices: { usd: 100 } }],
  ['p4', { productId: 'p4', name: 'Sticker', active: true, prices: { usd: 10, jpy: 10 } }],
]);

describe('priceOrder', () => {
  it('prices from the catalog and merges repeated products', () => {
    const result = priceOrder(
      [
        { productId: 'p1', quantity: 2 },
        { productId: 'p2', quantity: 1 },
        { productId: 'p1', quantity: 1 },
      ],
      'usd',
      catalog,
    );
    expect(result.ok && result.order.total).toEqual({ amount: 3 * 1850 + 6900, currency: 'usd' });
    expect(result.ok && result.order.lines.map((l) => [l.productId, l.quantity])).toEqual([
      ['p1', 3],
      ['p2', 1],
    ]);
  });

  it('charges JPY in whole yen', () => {
    const result = priceOrder([{ productId: 'p1', quantity: 3 }], 'jpy', catalog);
    expect(result.ok && result.order.total).toEqual({ amount: 7800, currency: 'jpy' });
  });

  it('names the field that is wrong', () => {
    expect(priceOrder([{ productId: 'nope', quantity: 1 }], 'usd', catalog)).toEqual({
      ok: false,
      problems: { 'items.0.productId': 'is not a product we sell' },
    });
    expect(
      priceOrder(
        [
          { productId: 'p1', quantity: 1 },
          { productId: 'p3', quantity: 1 },
        ],
        'usd',
        catalog,
      ),
    ).toEqual({
      ok: false,
      problems: { 'items.1.productId': 'is not a product we sell' },
    });
    expect(priceOrder([{ productId: 'p2', quantity: 1 }], 'jpy', catalog)).toEqual({
      ok: false,
      problems: { 'items.0.productId': 'is not sold in JPY' },
    });
    expect(
      priceOrder(
        [
          { productId: 'p1', quantity: 60 },
          { productId: 'p1', quantity: 60 },
        ],
        'usd',
        catalog,
      ),
    ).toMatchObject({
      ok: false,
      problems: { 'items.0.quantity': 'must be at most 99 in total' },
    });
  });

  it("enforces Stripe's minimum charge per currency", () => {
    expect(priceOrder([{ productId: 'p4', quantity: 4 }], 'usd', catalog)).toMatchObject({
      ok: false,
      problems: { items: expect.stringMatching(/at least 50/) },
    });
    expect(priceOrder([{ productId: 'p4', quantity: 5 }], 'usd', catalog).ok).toBe(true);
    expect(priceOrder([{ productId: 'p4', quantity: 4 }], 'jpy', catalog).ok).toBe(false);
  });
});

describe('order status from a PaymentIntent', () => {
  it('maps each PaymentIntent status', () => {
    expect(orderStatusForPaymentIntent('succeeded', false)).toBe('paid');
    expect(orderStatusForPaymentIntent('requires_payment_method', false)).toBe('pending');
    expect(orderStatusForPaymentIntent('requires_payment_method', true)).toBe('failed');
    expect(orderStatusForPaymentIntent('requires_action', false)).toBe('requires_action');
    expect(orderStatusForPaymentIntent('processing', false)).toBe('processing');
    expect(orderStatusForPaymentIntent('canceled', false)).toBe('canceled');
    expect(orderStatusForPaymentIntent('requires_capture', false)).toBe('authorized');
  });

  it('moves an authorized order only to captured (paid) or released (canceled)', () => {
    expect(canMoveOrderStatus('pending', 'authorized')).toBe(true);
    expect(canMoveOrderStatus('requires_action', 'authorized')).toBe(true);
    expect(canMoveOrderStatus('authorized', 'paid')).toBe(true);
    expect(canMoveOrderStatus('authorized', 'canceled')).toBe(true);
    for (const next of ['pending', 'failed', 'requires_action', 'processing', 'expired'] as const) {
      expect(canMoveOrderStatus('authorized', next)).toBe(false);
    }
    expect(canMoveOrderStatus('paid', 'authorized')).toBe(false);
    expect(canMoveOrderStatus('expired', 'authorized')).toBe(false);
  });

  it('never moves a paid order back to unpaid', () => {
    expect(canMoveOrderStatus('pending', 'paid')).toBe(true);
    expect(canMoveOrderStatus('failed', 'paid')).toBe(true);
    expect(canMoveOrderStatus('failed', 'pending')).toBe(true);
    expect(canMoveOrderStatus('paid', 'failed')).toBe(false);
    expect(canMoveOrderStatus('paid', 'pending')).toBe(false);
    expect(canMoveOrderStatus('paid', 'refunded')).toBe(true);
    expect(canMoveOrderStatus('canceled', 'paid')).toBe(false);
  });

  it('keeps an expired order expired unless money arrives anyway', () => {
    for (const next of ['pending', 'failed', 'requires_action', 'processing', 'canceled'] as const) {
      expect(canMoveOrderStatus('expired', next)).toBe(false);
    }
    expect(canMoveOrderStatus('expired', 'paid')).toBe(true);
    expect(canMoveOrderStatus('expired', 'partially_refunded')).toBe(true);
    expect(canMoveOrderStatus('pending', 'expired')).toBe(true);
    expect(canMoveOrderStatus('paid', 'expired')).toBe(false);
  });
});
