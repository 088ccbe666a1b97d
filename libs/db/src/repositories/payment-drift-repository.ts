import {
  BACKLOG_WEBHOOK_EVENT_STATUSES,
  type PaymentIntentId,
  type PaymentIntentStatus,
  type RefundSource,
  type RefundStatus,
  type StripeDisputeStatus,
} from '@storepay/payments-core';
import type { PrismaClient } from '../generated/prisma/client.ts';

/** A payment as the drift check compares it with Stripe's PaymentIntent. */
export interface MirroredPayment {
  id: string;
  orderId: string;
  paymentIntentId: PaymentIntentId;
  status: PaymentIntentStatus;
  amountReceived: number;
  amountRefunded: number;
}

/** A refund as our `refunds` table has it. */
export interface LocalRefund {
  id: string;
  stripeRefundId: string | null;
  amount: number;
  status: RefundStatus;
  source: RefundSource;
}

/** A dispute as our `disputes` table has it. */
export interface LocalDispute {
  stripeDisputeId: string;
  amount: number;
  status: StripeDisputeStatus;
}

/** A payment's refunds and disputes as our tables have them. */
export interface LocalSettlement {
  paymentIntentId: PaymentIntentId;
  amountRefunded: number;
  refunds: LocalRefund[];
  disputes: LocalDispute[];
}

/** What the drift check reads of our mirror (it writes through `PaymentTransactions`). */
export interface PaymentDriftRepository {
  /** Payments created since `since`, newest first, at most `limit`. */
  recentPayments(since: Date, limit: number): Promise<MirroredPayment[]>;
  payment(paymentId: string): Promise<MirroredPayment | null>;
  /** Whether events of this PaymentIntent still wait in the inbox (they will bring the payment up to date). */
  hasUnfinishedEvents(paymentIntentId: string): Promise<boolean>;
  settlement(paymentId: string): Promise<LocalSettlement | null>;
}

const mirroredSelect = {
  id: true,
  orderId: true,
  stripePaymentIntentId: true,
  status: true,
  amountReceived: true,
  amountRefunded: true,
} as const;

const mirrored = (row: {
  id: string;
  orderId: string;
  stripePaymentIntentId: string;
  status: PaymentIntentStatus;
  amountReceived: number;
  amountRefunded: number;
}): MirroredPayment => ({
  id: row.id,
  orderId: row.orderId,
  // Ids read back from our own database were checked when they were written.
  paymentIntentId: row.stripePaymentIntentId as PaymentIntentId,
  status: row.status,
  amountReceived: row.amountReceived,
  amountRefunded: row.amountRefunded,
});

export function createPaymentDriftRepository(prisma: PrismaClient): PaymentDriftRepository {
  return {
    async recentPayments(since, limit) {
      const rows = await prisma.payment.findMany({
        where: { createdAt: { gte: since } },
        orderBy: { createdAt: 'desc' },
        take: limit,
        select: mirroredSelect,
      });
      return rows.map(mirrored);
    },

    async payment(paymentId) {
      const row = await prisma.payment.findUnique({ where: { id: paymentId }, select: mirroredSelect });
      return row && mirrored(row);
    },

    async hasUnfinishedEvents(paymentIntentId) {
      const waiting = await prisma.webhookEvent.count({
        where: { paymentIntentId, status: { in: [...BACKLOG_WEBHOOK_EVENT_STATUSES] } },
      });
      return waiting > 0;
    },

    async settlement(paymentId) {
      const payment = await prisma.payment.findUnique({
        where: { id: paymentId },
        select: {
          stripePaymentIntentId: true,
          amountRefunded: true,
          refunds: { select: { id: true, stripeRefundId: true, amount: true, status: true, source: true } },
          disputes: { select: { stripeDisputeId: true, amount: true, status: true } },
        },
      });
      return (
        payment && {
          paymentIntentId: payment.stripePaymentIntentId as PaymentIntentId,
          amountRefunded: payment.amountRefunded,
          refunds: payment.refunds,
          disputes: payment.disputes,
        }
      );
    },
  };
}
