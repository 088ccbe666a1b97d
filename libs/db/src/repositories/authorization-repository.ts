import type { PaymentIntentId } from '@storepay/payments-core';
import type { PrismaClient } from '../generated/prisma/client.ts';

/** An authorised payment waiting for staff's capture or release, as the admin lists it. */
export interface OpenAuthorization {
  orderId: string;
  paymentIntentId: PaymentIntentId;
  currency: string;
  /** The order's total, and what the authorisation holds. */
  amount: number;
  amountCapturable: number;
  authorizedAt: Date | null;
  captureBefore: Date | null;
  email: string | null;
  cardBrand: string | null;
  cardLast4: string | null;
  /** A decision sent to Stripe and not answered yet (capture or cancel), if any. */
  pendingAction: 'capture' | 'cancel' | null;
}

/** Reads about authorisations outside a payment transaction: the decisions themselves are use cases. */
export interface AuthorizationRepository {
  /** Open authorisations, the soonest to lapse first; `lapsingBefore`: only those lapsing before then. */
  listOpen(query: { lapsingBefore?: Date; limit: number }): Promise<OpenAuthorization[]>;
  /** Orders whose authorisation lapses before `before` and that no decision holds: the expiry sweep's work. */
  listDueForSweep(before: Date, limit: number): Promise<string[]>;
  /** Orders with a decision still pending (Stripe not answered) since before `before`: to be sent again. */
  listStalePending(before: Date, limit: number): Promise<{ orderId: string; idempotencyKey: string }[]>;
}

export function createAuthorizationRepository(prisma: PrismaClient): AuthorizationRepository {
  return {
    async listOpen({ lapsingBefore, limit }) {
      const rows = await prisma.payment.findMany({
        where: {
          status: 'requires_capture',
          order: { status: 'authorized' },
          ...(lapsingBefore ? { captureBefore: { lt: lapsingBefore } } : {}),
        },
        include: {
          order: { select: { amount: true } },
          authorizationActions: { where: { status: 'pending' }, select: { kind: true }, take: 1 },
        },
        orderBy: [{ captureBefore: 'asc' }, { id: 'asc' }],
        take: limit,
      });
      return rows.map((row) => ({
        orderId: row.orderId,
        paymentIntentId: row.stripePaymentIntentId as PaymentIntentId,
        currency: row.currency,
        amount: row.order.amount,
        amountCapturable: row.amountCapturable,
        authorizedAt: row.authorizedAt,
        captureBefore: row.captureBefore,
        email: row.email,
        cardBrand: row.cardBrand,
        cardLast4: row.cardLast4,
        pendingAction: row.authorizationActions[0]?.kind ?? null,
      }));
    },

    async listDueForSweep(before, limit) {
      const rows = await prisma.payment.findMany({
        where: {
          status: 'requires_capture',
          captureBefore: { lt: before },
          authorizationActions: { none: { status: { in: ['pending', 'succeeded'] } } },
        },
        select: { orderId: true },
        orderBy: { captureBefore: 'asc' },
        take: limit,
      });
      return rows.map((row) => row.orderId);
    },

    async listStalePending(before, limit) {
      const rows = await prisma.authorizationAction.findMany({
        where: { status: 'pending', updatedAt: { lt: before } },
        select: { idempotencyKey: true, payment: { select: { orderId: true } } },
        orderBy: { createdAt: 'asc' },
        take: limit,
      });
      return rows.map((row) => ({ orderId: row.payment.orderId, idempotencyKey: row.idempotencyKey }));
    },
  };
}
