import { isUuid } from '@storepay/payments-core';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';

/** A Radar review with what the queue shows of its payment and order. */
export interface StoredReview {
  id: string;
  stripeReviewId: string;
  orderId: string;
  paymentIntentId: string;
  open: boolean;
  reason: string;
  openedReason: string | null;
  closedReason: string | null;
  decision: 'approved' | 'refused' | null;
  decidedBy: { id: string; email: string } | null;
  decidedAt: Date | null;
  amount: number;
  currency: string;
  orderStatus: string;
  riskLevel: string | null;
  riskScore: number | null;
  cardBrand: string | null;
  cardLast4: string | null;
  email: string;
  createdAt: Date;
}

/** An early fraud warning with its payment's amounts. */
export interface StoredEarlyFraudWarning {
  stripeWarningId: string;
  orderId: string;
  fraudType: string;
  actionable: boolean;
  amount: number;
  amountReceived: number;
  /** The payment's refunds, for what is still refundable. */
  refunds: { amount: number; status: string }[];
  currency: string;
  createdAt: Date;
}

export const reviewInclude = {
  decidedBy: { select: { id: true, email: true } },
  payment: {
    select: {
      orderId: true,
      stripePaymentIntentId: true,
      currency: true,
      riskLevel: true,
      riskScore: true,
      cardBrand: true,
      cardLast4: true,
      order: { select: { amount: true, status: true, email: true } },
    },
  },
} as const;

export function storedReview(row: Prisma.ReviewGetPayload<{ include: typeof reviewInclude }>): StoredReview {
  const { payment } = row;
  return {
    id: row.id,
    stripeReviewId: row.stripeReviewId,
    orderId: payment.orderId,
    paymentIntentId: payment.stripePaymentIntentId,
    open: row.open,
    reason: row.reason,
    openedReason: row.openedReason,
    closedReason: row.closedReason,
    decision: row.decision === 'approved' || row.decision === 'refused' ? row.decision : null,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt,
    amount: payment.order.amount,
    currency: payment.currency,
    orderStatus: payment.order.status,
    riskLevel: payment.riskLevel,
    riskScore: payment.riskScore,
    cardBrand: payment.cardBrand,
    cardLast4: payment.cardLast4,
    email: payment.order.email,
    createdAt: row.createdAt,
  };
}

export const earlyFraudWarningInclude = {
  payment: {
    select: {
      orderId: true,
      currency: true,
      amount: true,
      amountReceived: true,
      refunds: { select: { amount: true, status: true } },
    },
  },
} as const;

export function storedEarlyFraudWarning(
  row: Prisma.EarlyFraudWarningGetPayload<{ include: typeof earlyFraudWarningInclude }>,
): StoredEarlyFraudWarning {
  return {
    stripeWarningId: row.stripeWarningId,
    orderId: row.payment.orderId,
    fraudType: row.fraudType,
    actionable: row.actionable,
    amount: row.payment.amount,
    amountReceived: row.payment.amountReceived,
    refunds: row.payment.refunds,
    currency: row.payment.currency,
    createdAt: row.createdAt,
  };
}

/** Reads of Radar reviews and early fraud warnings; decisions are use cases. */
export interface ReviewRepository {
  /** Reviews, open ones (`open: true`) or all, oldest open first then newest. */
  list(query: { open?: boolean; limit: number }): Promise<StoredReview[]>;
  find(id: string): Promise<StoredReview | null>;
  /** Early fraud warnings, newest first; `actionable`: only those a refund may still act on. */
  listEarlyFraudWarnings(query: { actionable?: boolean; limit: number }): Promise<StoredEarlyFraudWarning[]>;
}

export function createReviewRepository(prisma: PrismaClient): ReviewRepository {
  return {
    async list({ open, limit }) {
      const rows = await prisma.review.findMany({
        where: open === undefined ? {} : { open },
        include: reviewInclude,
        orderBy: open ? [{ createdAt: 'asc' }, { id: 'asc' }] : [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
      });
      return rows.map(storedReview);
    },

    async find(id) {
      if (!isUuid(id)) return null;
      const row = await prisma.review.findUnique({ where: { id }, include: reviewInclude });
      return row && storedReview(row);
    },

    async listEarlyFraudWarnings({ actionable, limit }) {
      const rows = await prisma.earlyFraudWarning.findMany({
        where: actionable === undefined ? {} : { actionable },
        include: earlyFraudWarningInclude,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
      });
      return rows.map(storedEarlyFraudWarning);
    },
  };
}
