import type { MirroredPayment, PaymentDriftRepository, PaymentTransactions } from '@storepay/db';
import { applyDisputeChange, applyRefundChanges, type DisputeChange, type RefundChange } from '@storepay/payments-core';
import type { PaymentGateway, PaymentIntentSnapshot } from '@storepay/payments-core/server';
import { mirrorPaymentIntent } from './mirror-payment-intent';
import type { Logger } from './ports';
import {
  disputeDifferences,
  refundDifferences,
  stillDiffers,
  type SettlementDifference,
  type SettlementDriftField,
} from './settlement-drift';

/** A payment (or one of its refunds or disputes) whose mirror disagrees with Stripe, and whether it was repaired. */
export interface PaymentDrift {
  paymentIntentId: string;
  /** The refund's or dispute's Stripe id; absent for the PaymentIntent's own fields. */
  objectId?: string;
  field:
    'status' | 'amount_received' | 'unreadable' | 'refunds_unreadable' | 'disputes_unreadable' | SettlementDriftField;
  ours: string | number | null;
  stripe: string | number | null;
  repaired: boolean;
}

export interface RepairDriftPorts {
  paymentDrift: PaymentDriftRepository;
  paymentTransactions: PaymentTransactions;
  gateway: Pick<PaymentGateway, 'retrievePaymentIntent' | 'listRefunds' | 'listDisputes'>;
  log: Logger;
}

/** Most payments one run compares (newest first). */
const MAX_PAYMENTS = 1000;

/** Status and amount received against the PaymentIntent, repaired through the order's forward-only rules. */
async function checkPaymentIntent(
  ports: RepairDriftPorts,
  payment: MirroredPayment,
  intent: PaymentIntentSnapshot,
): Promise<PaymentDrift[]> {
  const paymentIntentId = payment.paymentIntentId;
  const differences: PaymentDrift[] = [];
  if (intent.status !== payment.status) {
    differences.push({
      paymentIntentId,
      field: 'status',
      ours: payment.status,
      stripe: intent.status,
      repaired: false,
    });
  }
  if (intent.amountReceived !== payment.amountReceived) {
    differences.push({
      paymentIntentId,
      field: 'amount_received',
      ours: payment.amountReceived,
      stripe: intent.amountReceived,
      repaired: false,
    });
  }
  if (differences.length === 0) return [];
  const mirrored = await mirrorPaymentIntent(ports.paymentTransactions, payment.orderId, intent, 'drift');
  if (mirrored?.anomaly) {
    ports.log.warn(
      { orderId: payment.orderId, paymentIntentId, anomaly: mirrored.anomaly },
      'a PaymentIntent may not pay the order it names: recorded for staff, the order left as it was',
    );
  }
  const after = await ports.paymentDrift.payment(payment.id);
  return differences.map((difference) => ({
    ...difference,
    repaired:
      difference.field === 'status' ? after?.status === intent.status : after?.amountReceived === intent.amountReceived,
  }));
}

/** The payment's refunds and disputes as our tables have them, compared with Stripe's lists. */
async function settlementDifferences(
  ports: RepairDriftPorts,
  paymentId: string,
  refunds: readonly RefundChange[],
  disputes: readonly DisputeChange[],
): Promise<SettlementDifference[]> {
  const local = await ports.paymentDrift.settlement(paymentId);
  if (!local) return [];
  return [
    ...refundDifferences(local.paymentIntentId, local.refunds, refunds, local.amountRefunded),
    ...disputeDifferences(local.disputes, disputes),
  ];
}

/**
 * Refunds and disputes: Stripe's lists for the PaymentIntent against our rows. What differs is repaired through the
 * webhook handlers (the same rules as their events) in one payment transaction: refunds are upserted all at once
 * (a refund already in agreement is written unchanged), which also recomputes the refunded amount and the order's
 * status; a dispute that differs is applied through its guard. What the rules do not allow (a row Stripe lacks, a
 * source, a status that would go backwards) stays, reported with `repaired: false`.
 */
async function checkSettlement(ports: RepairDriftPorts, payment: MirroredPayment): Promise<PaymentDrift[]> {
  const paymentIntentId = payment.paymentIntentId;
  const [refunds, disputes] = await Promise.all([
    ports.gateway.listRefunds(paymentIntentId),
    ports.gateway.listDisputes(paymentIntentId),
  ]);
  const unreadable: PaymentDrift[] = [];
  if (!refunds.ok) {
    unreadable.push({
      paymentIntentId,
      field: 'refunds_unreadable',
      ours: null,
      stripe: refunds.error.kind,
      repaired: false,
    });
  }
  if (!disputes.ok) {
    unreadable.push({
      paymentIntentId,
      field: 'disputes_unreadable',
      ours: null,
      stripe: disputes.error.kind,
      repaired: false,
    });
  }
  if (!refunds.ok || !disputes.ok) return unreadable;

  const before = await settlementDifferences(ports, payment.id, refunds.value, disputes.value);
  if (before.length === 0) return [];
  const differing = new Set(before.map((difference) => difference.objectId));
  await ports.paymentTransactions.run(async (tx) => {
    await applyRefundChanges(paymentIntentId, refunds.value, tx);
    for (const dispute of disputes.value) {
      if (differing.has(dispute.stripeDisputeId)) await applyDisputeChange(dispute, tx);
    }
  });
  const after = await settlementDifferences(ports, payment.id, refunds.value, disputes.value);
  return before.map((difference) => ({ paymentIntentId, ...difference, repaired: !stillDiffers(difference, after) }));
}

async function checkPayment(ports: RepairDriftPorts, payment: MirroredPayment): Promise<PaymentDrift[]> {
  const intent = await ports.gateway.retrievePaymentIntent(payment.paymentIntentId);
  if (!intent.ok) {
    return [
      {
        paymentIntentId: payment.paymentIntentId,
        field: 'unreadable',
        ours: payment.status,
        stripe: intent.error.kind,
        repaired: false,
      },
    ];
  }
  const drift = await checkPaymentIntent(ports, payment, intent.value);
  // Only a PaymentIntent that succeeded has a captured charge, which refunds and disputes need.
  if (intent.value.status === 'succeeded') drift.push(...(await checkSettlement(ports, payment)));
  return drift;
}

/**
 * The drift check: compares every payment created since `since` (newest first, at most 1,000) whose events are all
 * processed with Stripe's objects, repairs what the rules allow, and reports every difference. A payment with events
 * still in the inbox is left to the worker (no race with it). `signal` stops it between two payments.
 */
export async function repairDrift(ports: RepairDriftPorts, since: Date, signal?: AbortSignal): Promise<PaymentDrift[]> {
  const drift: PaymentDrift[] = [];
  for (const payment of await ports.paymentDrift.recentPayments(since, MAX_PAYMENTS)) {
    if (signal?.aborted) break;
    if (!(await ports.paymentDrift.hasUnfinishedEvents(payment.paymentIntentId))) {
      drift.push(...(await checkPayment(ports, payment)));
    }
  }
  return drift;
}
