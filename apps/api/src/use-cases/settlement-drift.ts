import type { LocalDispute, LocalRefund } from '@storepay/db';
import { refundedAmount, type DisputeChange, type RefundChange, type RefundSource } from '@storepay/payments-core';

export type SettlementDriftField =
  | 'refund_missing'
  | 'refund_status'
  | 'refund_amount'
  | 'refund_source'
  | 'refund_not_at_stripe'
  | 'amount_refunded'
  | 'dispute_missing'
  | 'dispute_status'
  | 'dispute_amount'
  | 'dispute_not_at_stripe';

/**
 * One way a payment's refunds or disputes differ from Stripe's: `objectId` is the refund's or dispute's Stripe id
 * (the PaymentIntent's for its refunded amount).
 */
export interface SettlementDifference {
  objectId: string;
  field: SettlementDriftField;
  ours: string | number | null;
  stripe: string | number | null;
}

/** The source a refund row of Stripe's refund should have: `admin` when our admin tagged it, else `stripe`. */
const expectedSource = (refund: RefundChange): RefundSource => (refund.ourRefundId ? 'admin' : 'stripe');

/**
 * The local row of a Stripe refund, found as the webhook handlers find it (`WebhookEffects.findRefund`): our row
 * named by the refund's `storepay_refund_id` tag, else the row with its Stripe id.
 */
function localRowOf(refund: RefundChange, local: readonly LocalRefund[]): LocalRefund | undefined {
  return (
    local.find((row) => refund.ourRefundId !== null && row.id === refund.ourRefundId) ??
    local.find((row) => row.stripeRefundId === refund.stripeRefundId)
  );
}

/**
 * How a payment's refunds differ from Stripe's: refunds we lack, statuses, amounts and sources that differ, rows
 * whose Stripe refund Stripe does not list, and the payment's refunded amount against Stripe's rule (the sum of the
 * refunds that are pending, requires_action or succeeded). Rows never sent to Stripe (no Stripe id, e.g. awaiting
 * approval) are not compared.
 */
export function refundDifferences(
  paymentIntentId: string,
  local: readonly LocalRefund[],
  stripe: readonly RefundChange[],
  amountRefunded: number,
): SettlementDifference[] {
  const differences: SettlementDifference[] = [];
  const matched = new Set<string>();
  for (const refund of stripe) {
    const row = localRowOf(refund, local);
    const objectId = refund.stripeRefundId;
    if (!row) {
      differences.push({ objectId, field: 'refund_missing', ours: null, stripe: refund.amount });
      continue;
    }
    matched.add(row.id);
    if (row.status !== refund.status) {
      differences.push({ objectId, field: 'refund_status', ours: row.status, stripe: refund.status });
    }
    if (row.amount !== refund.amount) {
      differences.push({ objectId, field: 'refund_amount', ours: row.amount, stripe: refund.amount });
    }
    if (row.source !== expectedSource(refund)) {
      differences.push({ objectId, field: 'refund_source', ours: row.source, stripe: expectedSource(refund) });
    }
  }
  for (const row of local) {
    if (row.stripeRefundId && !matched.has(row.id)) {
      differences.push({ objectId: row.stripeRefundId, field: 'refund_not_at_stripe', ours: row.status, stripe: null });
    }
  }
  const stripeRefunded = refundedAmount(stripe);
  if (amountRefunded !== stripeRefunded) {
    differences.push({
      objectId: paymentIntentId,
      field: 'amount_refunded',
      ours: amountRefunded,
      stripe: stripeRefunded,
    });
  }
  return differences;
}

/** How a payment's disputes differ from Stripe's: disputes we lack, statuses and amounts, rows Stripe lacks. */
export function disputeDifferences(
  local: readonly LocalDispute[],
  stripe: readonly DisputeChange[],
): SettlementDifference[] {
  const differences: SettlementDifference[] = [];
  for (const dispute of stripe) {
    const objectId = dispute.stripeDisputeId;
    const row = local.find((candidate) => candidate.stripeDisputeId === objectId);
    if (!row) {
      differences.push({ objectId, field: 'dispute_missing', ours: null, stripe: dispute.status });
      continue;
    }
    if (row.status !== dispute.status) {
      differences.push({ objectId, field: 'dispute_status', ours: row.status, stripe: dispute.status });
    }
    if (row.amount !== dispute.amount) {
      differences.push({ objectId, field: 'dispute_amount', ours: row.amount, stripe: dispute.amount });
    }
  }
  for (const row of local) {
    if (!stripe.some((dispute) => dispute.stripeDisputeId === row.stripeDisputeId)) {
      differences.push({
        objectId: row.stripeDisputeId,
        field: 'dispute_not_at_stripe',
        ours: row.status,
        stripe: null,
      });
    }
  }
  return differences;
}

/** Whether a difference is still there after a repair (same object, same field). */
export function stillDiffers(difference: SettlementDifference, after: readonly SettlementDifference[]): boolean {
  return after.some((other) => other.objectId === difference.objectId && other.field === difference.field);
}
