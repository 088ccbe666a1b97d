import { describe, expect, it } from 'vitest';
import { approvalThreshold, needsApproval, refundableAmount, refundedWithoutApproval } from './refund-policy';

describe('refund policy', () => {
  it('reserves every refund that is done, under way or waiting for approval; not failed, rejected or canceled ones', () => {
    const refunds = [
      { amount: 100, status: 'succeeded' },
      { amount: 200, status: 'pending' },
      { amount: 300, status: 'awaiting_approval' },
      { amount: 50, status: 'requires_action' },
      { amount: 1000, status: 'failed' },
      { amount: 1000, status: 'rejected' },
      { amount: 1000, status: 'canceled' },
    ];
    expect(refundableAmount(1000, refunds)).toBe(350);
    expect(refundableAmount(500, refunds)).toBe(0);
  });

  it('reads thresholds in major units per currency, exactly for zero- and three-decimal currencies', () => {
    const thresholds = { USD: 500, JPY: 75000, KWD: 25.5 };
    expect(approvalThreshold('usd', thresholds)).toBe(50_000);
    expect(approvalThreshold('jpy', thresholds)).toBe(75_000);
    expect(approvalThreshold('kwd', thresholds)).toBe(25_500);
    expect(approvalThreshold('eur', thresholds)).toBeNull();
    expect(needsApproval(50_000, 'usd', thresholds)).toBe(false);
    expect(needsApproval(50_001, 'usd', thresholds)).toBe(true);
    expect(needsApproval(1, 'eur', thresholds)).toBe(true); // no threshold: always a second admin
  });

  it('counts earlier refunds made without a second admin, so a large refund cannot be split to avoid approval', () => {
    const thresholds = { USD: 100 };
    const earlier = [
      { amount: 6000, status: 'succeeded', source: 'admin', approvedById: null },
      { amount: 9000, status: 'succeeded', source: 'admin', approvedById: 'someone' }, // approved: does not count
      { amount: 9000, status: 'failed', source: 'admin', approvedById: null }, // undone
      { amount: 9000, status: 'succeeded', source: 'stripe', approvedById: null }, // not ours
      { amount: 9000, status: 'awaiting_approval', source: 'admin', approvedById: null }, // waits on its own
    ];
    expect(refundedWithoutApproval(earlier)).toBe(6000);
    expect(needsApproval(4000, 'usd', thresholds, 6000)).toBe(false);
    expect(needsApproval(4001, 'usd', thresholds, 6000)).toBe(true);
  });
});
