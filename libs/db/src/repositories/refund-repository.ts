import { isUuid, type RefundStatus } from '@storepay/payments-core';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { refundInclude, storedRefund, type StoredRefund } from './refund-rows';

export interface RefundRepository {
  find(refundId: string): Promise<StoredRefund | null>;
  list(query: { status?: RefundStatus; orderId?: string; limit: number }): Promise<StoredRefund[]>;
  /**
   * Takes the right to send a `pending` refund to Stripe for `leaseMs` (null when it is sent already, or another
   * sender holds the lease right now). A sender that gets no answer gives it back (`release`), so a retry can send.
   */
  claimForSending(refundId: string, leaseMs: number): Promise<{ refund: StoredRefund; lease: Date } | null>;
  /** Gives the lease back (only the lease this sender holds: a later sender's is left alone). */
  release(refundId: string, lease: Date): Promise<void>;
  /** Pending refunds not sent to Stripe, last changed before `before`, that nobody is sending now; oldest first. */
  listUnsent(before: Date, limit: number): Promise<StoredRefund[]>;
}

/** Refund rows outside a payment transaction: reads, and the sending lease. Requests and decisions are use cases. */
export function createRefundRepository(prisma: PrismaClient): RefundRepository {
  const find = async (refundId: string) => {
    if (!isUuid(refundId)) return null;
    const row = await prisma.refund.findUnique({ where: { id: refundId }, include: refundInclude });
    return row && storedRefund(row);
  };

  return {
    find,

    async list({ status, orderId, limit }) {
      const rows = await prisma.refund.findMany({
        where: { ...(status ? { status } : {}), ...(orderId ? { payment: { orderId } } : {}) },
        include: refundInclude,
        orderBy: { createdAt: 'desc' },
        take: limit,
      });
      return rows.map(storedRefund);
    },

    async claimForSending(refundId, leaseMs) {
      const claimed = await prisma.$queryRaw<{ sending_at: Date }[]>`
        UPDATE refunds SET sending_at = clock_timestamp()
         WHERE id = ${refundId}::uuid AND status = 'pending' AND stripe_refund_id IS NULL
           AND (sending_at IS NULL OR sending_at < now() - make_interval(secs => ${leaseMs / 1000}))
     RETURNING sending_at`;
      const refund = claimed[0] ? await find(refundId) : null;
      return refund ? { refund, lease: claimed[0]!.sending_at } : null;
    },

    async release(refundId, lease) {
      await prisma.refund.updateMany({
        where: { id: refundId, stripeRefundId: null, sendingAt: lease },
        data: { sendingAt: null },
      });
    },

    async listUnsent(before, limit) {
      const rows = await prisma.refund.findMany({
        where: {
          status: 'pending',
          stripeRefundId: null,
          updatedAt: { lt: before },
          OR: [{ sendingAt: null }, { sendingAt: { lt: before } }],
        },
        include: refundInclude,
        orderBy: { createdAt: 'asc' },
        take: limit,
      });
      return rows.map(storedRefund);
    },
  };
}
