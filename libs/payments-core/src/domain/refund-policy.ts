import { currencyExponent, parseCurrency } from '../money/currency';

/** Refund states that hold part of the payment: they count against what can still be refunded. */
export const RESERVING_REFUND_STATUSES = ['awaiting_approval', 'pending', 'requires_action', 'succeeded'] as const;

/** What can still be refunded: the amount received, less every refund that is done, under way or waiting. */
export function refundableAmount(
  amountReceived: number,
  refunds: readonly { amount: number; status: string }[],
): number {
  const reserved = refunds
    .filter((refund) => (RESERVING_REFUND_STATUSES as readonly string[]).includes(refund.status))
    .reduce((sum, refund) => sum + refund.amount, 0);
  return Math.max(0, amountReceived - reserved);
}

/**
 * The amount (minor units) above which a refund in this currency waits for a second admin, from thresholds in major
 * units keyed by upper-case currency code. Null when the currency has no threshold: every refund in it waits.
 */
export function approvalThreshold(currency: string, thresholdsMajor: Readonly<Record<string, number>>): number | null {
  const code = parseCurrency(currency);
  const major = thresholdsMajor[currency.toUpperCase()];
  if (!code || major === undefined) return null;
  return Math.round(major * 10 ** currencyExponent(code));
}

/**
 * Whether a refund waits for a second admin: when, with the payment's earlier refunds that went out without one
 * (`refundedWithoutApproval`), it passes the threshold, so splitting a large refund into small ones does not avoid it.
 */
export function needsApproval(
  amount: number,
  currency: string,
  thresholdsMajor: Readonly<Record<string, number>>,
  refundedWithoutApproval = 0,
): boolean {
  const threshold = approvalThreshold(currency, thresholdsMajor);
  return threshold === null || refundedWithoutApproval + amount > threshold;
}

/** The payment's admin refunds that count toward the approval threshold: made without a second admin, not undone. */
export function refundedWithoutApproval(
  refunds: readonly { amount: number; status: string; source: string; approvedById: string | null }[],
): number {
  return refunds
    .filter(
      (refund) =>
        refund.source === 'admin' &&
        refund.approvedById === null &&
        refund.status !== 'awaiting_approval' &&
        (RESERVING_REFUND_STATUSES as readonly string[]).includes(refund.status),
    )
    .reduce((sum, refund) => sum + refund.amount, 0);
}
