import type { DisputeChange, RefundChange } from '@storepay/payments-core';
import { describe, expect, it } from 'vitest';
import type { LocalRefund } from '@storepay/db';
import { disputeDifferences, refundDifferences, stillDiffers } from './settlement-drift';

const PI = 'pi_drift';

function stripeRefund(overrides: Partial<RefundChange> = {}): RefundChange {
  return {
    stripeRefundId: 're_1',
    paymentIntentId: PI,
    chargeId: 'ch_1',
    ourRefundId: null,
    amount: 500,
    currency: 'usd',
    status: 'succeeded',
    reason: null,
    failureReason: null,
    ...overrides,
  };
}

function localRefund(overrides: Partial<LocalRefund> = {}): LocalRefund {
  return { id: 'row-1', stripeRefundId: 're_1', amount: 500, status: 'succeeded', source: 'stripe', ...overrides };
}

function stripeDispute(overrides: Partial<DisputeChange> = {}): DisputeChange {
  return {
    stripeDisputeId: 'dp_1',
    paymentIntentId: PI,
    chargeId: 'ch_1',
    amount: 4200,
    currency: 'usd',
    reason: 'fraudulent',
    status: 'needs_response',
    evidenceDueByMs: null,
    eventCreatedAtMs: 0,
    ...overrides,
  };
}

describe('refundDifferences', () => {
  it('finds nothing when our rows agree with Stripe', () => {
    expect(refundDifferences(PI, [localRefund()], [stripeRefund()], 500)).toEqual([]);
  });

  it('reports a refund we lack and the refunded amount it changes', () => {
    expect(refundDifferences(PI, [], [stripeRefund()], 0)).toEqual([
      { objectId: 're_1', field: 'refund_missing', ours: null, stripe: 500 },
      { objectId: PI, field: 'amount_refunded', ours: 0, stripe: 500 },
    ]);
  });

  it('reports status, amount and source of a matched refund, and rows Stripe does not have', () => {
    const local = [
      localRefund({ status: 'pending', amount: 400, source: 'admin' }),
      localRefund({ id: 'row-2', stripeRefundId: 're_gone', status: 'failed' }),
      // Never sent to Stripe: not compared.
      localRefund({ id: 'row-3', stripeRefundId: null, status: 'awaiting_approval' }),
    ];
    expect(refundDifferences(PI, local, [stripeRefund()], 500)).toEqual([
      { objectId: 're_1', field: 'refund_status', ours: 'pending', stripe: 'succeeded' },
      { objectId: 're_1', field: 'refund_amount', ours: 400, stripe: 500 },
      { objectId: 're_1', field: 'refund_source', ours: 'admin', stripe: 'stripe' },
      { objectId: 're_gone', field: 'refund_not_at_stripe', ours: 'failed', stripe: null },
    ]);
  });

  it("matches our admin's refund by its tag, as the handlers do, even before it has a Stripe id", () => {
    const ours = localRefund({ id: 'our-row', stripeRefundId: null, status: 'pending', source: 'admin' });
    expect(refundDifferences(PI, [ours], [stripeRefund({ ourRefundId: 'our-row', status: 'pending' })], 500)).toEqual(
      [],
    );
  });

  it("counts the refunded amount by Stripe's rule: failed and canceled refunds give the money back", () => {
    const stripe = [
      stripeRefund({ stripeRefundId: 're_a', amount: 100, status: 'pending' }),
      stripeRefund({ stripeRefundId: 're_b', amount: 200, status: 'failed' }),
      stripeRefund({ stripeRefundId: 're_c', amount: 300, status: 'succeeded' }),
    ];
    const local = stripe.map((refund, i) =>
      localRefund({
        id: `row-${i}`,
        stripeRefundId: refund.stripeRefundId,
        amount: refund.amount,
        status: refund.status,
      }),
    );
    expect(refundDifferences(PI, local, stripe, 400)).toEqual([]);
    expect(refundDifferences(PI, local, stripe, 600)).toEqual([
      { objectId: PI, field: 'amount_refunded', ours: 600, stripe: 400 },
    ]);
  });
});

describe('disputeDifferences', () => {
  it('reports a dispute we lack, one whose status or amount differs, and one Stripe does not have', () => {
    const stripe = [stripeDispute(), stripeDispute({ stripeDisputeId: 'dp_2', status: 'lost', amount: 1000 })];
    const local = [
      { stripeDisputeId: 'dp_2', status: 'under_review' as const, amount: 900 },
      { stripeDisputeId: 'dp_gone', status: 'won' as const, amount: 10 },
    ];
    expect(disputeDifferences(local, stripe)).toEqual([
      { objectId: 'dp_1', field: 'dispute_missing', ours: null, stripe: 'needs_response' },
      { objectId: 'dp_2', field: 'dispute_status', ours: 'under_review', stripe: 'lost' },
      { objectId: 'dp_2', field: 'dispute_amount', ours: 900, stripe: 1000 },
      { objectId: 'dp_gone', field: 'dispute_not_at_stripe', ours: 'won', stripe: null },
    ]);
    expect(
      disputeDifferences([{ stripeDisputeId: 'dp_1', status: 'needs_response', amount: 4200 }], [stripeDispute()]),
    ).toEqual([]);
  });
});

describe('stillDiffers', () => {
  it('matches a difference by object and field, whatever the values now', () => {
    const before = { objectId: 're_1', field: 'refund_amount' as const, ours: 400, stripe: 500 };
    expect(stillDiffers(before, [{ ...before, ours: 450 }])).toBe(true);
    expect(stillDiffers(before, [{ ...before, field: 'refund_status', ours: 'pending', stripe: 'succeeded' }])).toBe(
      false,
    );
    expect(stillDiffers(before, [])).toBe(false);
  });
});
