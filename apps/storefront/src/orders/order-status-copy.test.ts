import { ORDER_STATUSES } from '@storepay/payments-core';
import { describe, expect, it } from 'vitest';
import { isSettled, isUnsettled, messages, statusCopy } from './order-status-copy';

describe('order status copy', () => {
  const t = messages.get();

  it('says something for every status the API can answer', () => {
    for (const status of ORDER_STATUSES) {
      const copy = statusCopy(status, t);
      expect(copy.headline.length, status).toBeGreaterThan(0);
      expect(copy.detail.length, status).toBeGreaterThan(0);
    }
  });

  it('confirms an authorised order (manual capture) without saying the payment was received', () => {
    const copy = statusCopy('authorized', t);
    expect(copy).toMatchObject({ tone: 'success', headline: 'Order confirmed' });
    expect(copy.headline).not.toBe(t.paidHeadline);
    expect(copy.detail).toMatch(/charged when your order ships/);
    // Nothing left to wait for on the page; and not yet paid.
    expect(isUnsettled('authorized')).toBe(false);
    expect(isSettled('authorized')).toBe(false);
  });
});
