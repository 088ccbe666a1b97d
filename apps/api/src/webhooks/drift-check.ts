import { createOrderRepository, createWebhookEffects, type PrismaClient } from '@storepay/db';
import {
  applyDisputeChange,
  applyRefundChanges,
  orderStatusForPaymentIntent,
  type DisputeChange,
  type PaymentIntentId,
  type RefundChange,
} from '@storepay/payments-core';
import type { PaymentGateway, PaymentIntentSnapshot } from '@storepay/payments-core/server';
import { factsOf } from '../payment-facts';
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

/** The payment row the drift check reads. */
interface PaymentRow {
  id: string;
  orderId: string;
  stripePaymentIntentId: string;
  status: string;
  amountReceived: number;
  amountRefunded: number;
}

export interface DriftCheck {
  /** Compares every payment created since `since` whose events are all processed with Stripe; repairs and reports. */
  check(since: Date): Promise<PaymentDrift[]>;
}

/** Most payments one run compares (newest first). */
const MAX_PAYMENTS = 1000;

export function createDriftCheck(prisma: PrismaClient, payments: PaymentGateway): DriftCheck {
  const orders = createOrderRepository(prisma);

  /** Status and amount received against the PaymentIntent, repaired through the order's forward-only rules. */
  async function checkPaymentIntent(row: PaymentRow, intent: PaymentIntentSnapshot): Promise<PaymentDrift[]> {
    const paymentIntentId = row.stripePaymentIntentId;
    const differences: PaymentDrift[] = [];
    if (intent.status !== row.status) {
      differences.push({ paymentIntentId, field: 'status', ours: row.status, stripe: intent.status, repaired: false });
    }
    if (intent.amountReceived !== row.amountReceived) {
      differences.push({
        paymentIntentId,
        field: 'amount_received',
        ours: row.amountReceived,
        stripe: intent.amountReceived,
        repaired: false,
      });
    }
    if (differences.length === 0) return [];
    const next = orderStatusForPaymentIntent(intent.status, intent.lastPaymentError !== null);
    await orders.applyPaymentIntent(row.orderId, factsOf(intent), next);
    const after = await prisma.payment.findUniqueOrThrow({ where: { id: row.id } });
    return differences.map((difference) => ({
      ...difference,
      repaired:
        difference.field === 'status' ? after.status === intent.status : after.amountReceived === intent.amountReceived,
    }));
  }

  /** The payment's refunds and disputes as our tables have them, compared with Stripe's lists. */
  async function settlementDifferences(
    paymentId: string,
    refunds: readonly RefundChange[],
    disputes: readonly DisputeChange[],
  ): Promise<SettlementDifference[]> {
    const payment = await prisma.payment.findUniqueOrThrow({
      where: { id: paymentId },
      select: {
        stripePaymentIntentId: true,
        amountRefunded: true,
        refunds: { select: { id: true, stripeRefundId: true, amount: true, status: true, source: true } },
        disputes: { select: { stripeDisputeId: true, amount: true, status: true } },
      },
    });
    return [
      ...refundDifferences(payment.stripePaymentIntentId, payment.refunds, refunds, payment.amountRefunded),
      ...disputeDifferences(payment.disputes, disputes),
    ];
  }

  /**
   * Applies Stripe's refunds and the disputes that differ through the webhook handlers (the same rules and
   * repository code as their events), in one transaction that locks the payment like the worker does. Refunds are
   * upserted all at once (idempotent: a refund already in agreement is written unchanged), which also recomputes
   * the refunded amount and the order's status.
   */
  async function repairSettlement(
    paymentIntentId: string,
    refunds: readonly RefundChange[],
    disputes: readonly DisputeChange[],
    differences: readonly SettlementDifference[],
  ) {
    const differing = new Set(differences.map((difference) => difference.objectId));
    await prisma.$transaction(async (tx) => {
      const effects = createWebhookEffects(tx);
      await applyRefundChanges(paymentIntentId, refunds, effects);
      for (const dispute of disputes) {
        if (differing.has(dispute.stripeDisputeId)) await applyDisputeChange(dispute, effects);
      }
    });
  }

  /**
   * Refunds and disputes: Stripe's lists for the PaymentIntent against our rows. What differs is repaired where
   * the rules allow (a refund we lack is inserted with source `stripe`, or `admin` when tagged by our admin; statuses
   * only move forward; a dispute takes Stripe's status unless ours is closed and Stripe's open); the rest (a row
   * Stripe does not have, a source, a status that would go backwards) is reported with `repaired: false`.
   */
  async function checkSettlement(row: PaymentRow): Promise<PaymentDrift[]> {
    const paymentIntentId = row.stripePaymentIntentId;
    const [refunds, disputes] = await Promise.all([
      payments.listRefunds(paymentIntentId as PaymentIntentId),
      payments.listDisputes(paymentIntentId as PaymentIntentId),
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

    const before = await settlementDifferences(row.id, refunds.value, disputes.value);
    if (before.length === 0) return [];
    await repairSettlement(paymentIntentId, refunds.value, disputes.value, before);
    const after = await settlementDifferences(row.id, refunds.value, disputes.value);
    return before.map((difference) => ({ paymentIntentId, ...difference, repaired: !stillDiffers(difference, after) }));
  }

  async function checkPayment(row: PaymentRow): Promise<PaymentDrift[]> {
    const intent = await payments.retrievePaymentIntent(row.stripePaymentIntentId as PaymentIntentId);
    if (!intent.ok) {
      return [
        {
          paymentIntentId: row.stripePaymentIntentId,
          field: 'unreadable',
          ours: row.status,
          stripe: intent.error.kind,
          repaired: false,
        },
      ];
    }
    const drift = await checkPaymentIntent(row, intent.value);
    // Only a PaymentIntent that succeeded has a captured charge, which refunds and disputes need.
    if (intent.value.status === 'succeeded') drift.push(...(await checkSettlement(row)));
    return drift;
  }

  return {
    async check(since) {
      const rows = await prisma.payment.findMany({
        where: { createdAt: { gte: since } },
        orderBy: { createdAt: 'desc' },
        take: MAX_PAYMENTS,
        select: {
          id: true,
          orderId: true,
          stripePaymentIntentId: true,
          status: true,
          amountReceived: true,
          amountRefunded: true,
        },
      });
      const drift: PaymentDrift[] = [];
      for (const row of rows) {
        // Events still waiting in the inbox will bring this payment up to date; don't race the worker.
        const waiting = await prisma.webhookEvent.count({
          where: { paymentIntentId: row.stripePaymentIntentId, status: { in: ['received', 'processing', 'failed'] } },
        });
        if (waiting === 0) drift.push(...(await checkPayment(row)));
      }
      return drift;
    },
  };
}
