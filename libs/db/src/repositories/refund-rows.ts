import type { PaymentIntentId, RefundSource, RefundStatus } from '@storepay/payments-core';
import type { Prisma } from '../generated/prisma/client.ts';

/** A staff member as refunds name them. */
export interface StaffRef {
  id: string;
  email: string;
}

/** Whoever acts: a signed-in staff member (with the address they came from), for the audit log. */
export interface Actor {
  id: string;
  email: string;
  ip?: string | null;
}

/** A refund as staff see it: amounts, state, and who asked, approved or rejected it. */
export interface RefundFacts {
  id: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  source: RefundSource;
  reason: string | null;
  note: string | null;
  stripeRefundId: string | null;
  failureReason: string | null;
  requestedBy: StaffRef | null;
  approvedBy: StaffRef | null;
  approvedAt: Date | null;
  rejectedBy: StaffRef | null;
  rejectedAt: Date | null;
  rejectionNote: string | null;
  createdAt: Date;
}

/** A refund row with the order and PaymentIntent it belongs to. */
export interface StoredRefund extends RefundFacts {
  orderId: string;
  paymentId: string;
  paymentIntentId: PaymentIntentId;
  idempotencyKey: string | null;
}

const staff = { select: { id: true, email: true } } as const;

export const refundInclude = {
  payment: { select: { orderId: true, stripePaymentIntentId: true } },
  requestedBy: staff,
  approvedBy: staff,
  rejectedBy: staff,
} as const;

export type RefundRow = Prisma.RefundGetPayload<{ include: typeof refundInclude }>;

export function storedRefund(row: RefundRow): StoredRefund {
  return {
    id: row.id,
    orderId: row.payment.orderId,
    paymentId: row.paymentId,
    // Ids read back from our own database were checked when they were written.
    paymentIntentId: row.payment.stripePaymentIntentId as PaymentIntentId,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    source: row.source,
    reason: row.reason,
    note: row.note,
    stripeRefundId: row.stripeRefundId,
    failureReason: row.failureReason,
    idempotencyKey: row.idempotencyKey,
    requestedBy: row.requestedBy,
    approvedBy: row.approvedBy,
    approvedAt: row.approvedAt,
    rejectedBy: row.rejectedBy,
    rejectedAt: row.rejectedAt,
    rejectionNote: row.rejectionNote,
    createdAt: row.createdAt,
  };
}
