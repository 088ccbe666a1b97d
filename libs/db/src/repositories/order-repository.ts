import {
  isUuid,
  parseCurrency,
  type CaptureMethod,
  type CurrencyCode,
  type OrderId,
  type OrderStatus,
  type PaymentIntentId,
  type OrderView,
  type PricedOrder,
  type ShopLocale,
  UNPAID_ORDER_STATUSES,
} from '@storepay/payments-core';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import { paymentIntentColumns, type PaymentIntentFacts } from './payment-transactions';

export interface StoredOrder {
  id: OrderId;
  status: OrderStatus;
  currency: CurrencyCode;
  amount: number;
  email: string;
  requestHash: string | null;
  /** The PaymentIntent checkout created for this order, once created: the only one that may pay it. */
  paymentIntentId: PaymentIntentId | null;
  /** Placed with a live key (true) or a test key. */
  livemode: boolean;
  /** The shop's capture method when it was placed: `manual` orders are authorised, then captured by staff. */
  captureMethod: CaptureMethod;
  createdAt: Date;
  paidAt: Date | null;
  /** Last change of the order (its status, refunds): when a settled order became final. */
  updatedAt: Date;
}

export interface CreateOrderInput {
  email: string;
  priced: PricedOrder;
  /** The checkout request's Idempotency-Key; a second create with it returns the first order. */
  idempotencyKey: string | null;
  requestHash: string;
  livemode: boolean;
  /** The shopper's language (a shop locale): the order's emails are written in it. */
  locale: ShopLocale;
  /** The signed-in shopper's account, null for a guest. */
  customerId: string | null;
  /** Default automatic. */
  captureMethod?: CaptureMethod;
}

export interface OrderRepository {
  /** Creates the order and its lines, or returns the order already created with the same idempotency key. */
  create(input: CreateOrderInput): Promise<{ order: StoredOrder; created: boolean }>;
  find(id: string): Promise<StoredOrder | null>;
  findByIdempotencyKey(key: string): Promise<StoredOrder | null>;
  /** The order's page, before the use case masks and trims it. */
  view(id: string): Promise<Omit<OrderView, 'archived'> | null>;
  /**
   * Records the PaymentIntent created for an order as the order's own and mirrors it as a payment (idempotent: the
   * same id twice is one payment). An order keeps the first PaymentIntent recorded for it, and an expired order takes
   * none: false when the order's PaymentIntent is not this one.
   */
  recordPaymentIntent(orderId: string, intent: PaymentIntentFacts, email: string): Promise<boolean>;
  /** Orders still unpaid (pending, requires_action, failed) that have not changed since `cutoff`, oldest first. */
  listUnpaidBefore(cutoff: Date, limit: number): Promise<ExpiryCandidate[]>;
  /**
   * Claims up to `limit` expired orders whose PaymentIntent is due to be canceled (`cancel_payment_intent_at` ≤ `now`),
   * most overdue first, skipping rows another sweep is claiming, by moving them to `leaseUntil`: concurrent sweeps
   * never work on the same order at once, and a sweep that dies frees its claims when the lease runs out.
   */
  claimCancellations(now: Date, leaseUntil: Date, limit: number): Promise<CancellationClaim[]>;
}

/** An order the expiry sweep looks at, and the PaymentIntent to cancel with it. */
export interface ExpiryCandidate {
  id: OrderId;
  paymentIntentId: PaymentIntentId | null;
}

/** An expired order whose PaymentIntent a sweep has claimed to cancel, and how often that was tried before. */
export interface CancellationClaim extends ExpiryCandidate {
  attempts: number;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

const candidate = (row: { id: string; paymentIntentId: string | null }): ExpiryCandidate => ({
  id: row.id as OrderId,
  paymentIntentId: row.paymentIntentId as PaymentIntentId | null,
});

export function createOrderRepository(prisma: PrismaClient): OrderRepository {
  async function find(id: string): Promise<StoredOrder | null> {
    if (!isUuid(id)) return null;
    const row = await prisma.order.findUnique({ where: { id } });
    if (!row) return null;
    return {
      // Ids read back from our own database were checked when they were written.
      id: row.id as OrderId,
      status: row.status,
      currency: parseCurrency(row.currency)!,
      amount: row.amount,
      email: row.email,
      requestHash: row.requestHash,
      paymentIntentId: row.paymentIntentId as PaymentIntentId | null,
      livemode: row.livemode,
      captureMethod: row.captureMethod,
      createdAt: row.createdAt,
      paidAt: row.paidAt,
      updatedAt: row.updatedAt,
    };
  }

  return {
    find,

    async findByIdempotencyKey(key) {
      const row = await prisma.order.findUnique({ where: { idempotencyKey: key }, select: { id: true } });
      return row ? find(row.id) : null;
    },

    async create({ email, priced, idempotencyKey, requestHash, livemode, locale, customerId, captureMethod }) {
      try {
        const row = await prisma.order.create({
          data: {
            email,
            currency: priced.currency,
            amount: priced.total.amount,
            idempotencyKey,
            requestHash,
            livemode,
            locale,
            customerId,
            captureMethod: captureMethod ?? 'automatic',
            items: {
              create: priced.lines.map((line) => ({
                productId: line.productId,
                name: line.name,
                unitAmount: line.unitAmount.amount,
                quantity: line.quantity,
              })),
            },
          },
        });
        return { order: (await find(row.id))!, created: true };
      } catch (error) {
        if (!idempotencyKey || !isUniqueViolation(error)) throw error;
        const existing = await prisma.order.findUniqueOrThrow({ where: { idempotencyKey } });
        return { order: (await find(existing.id))!, created: false };
      }
    },

    async view(id) {
      if (!isUuid(id)) return null;
      const row = await prisma.order.findUnique({ where: { id }, include: { items: { orderBy: { id: 'asc' } } } });
      if (!row) return null;
      return {
        id: row.id,
        status: row.status,
        amount: row.amount,
        amountRefunded: row.amountRefunded,
        currency: parseCurrency(row.currency)!,
        email: row.email,
        items: row.items.map((item) => ({
          productId: item.productId,
          name: item.name,
          unitAmount: item.unitAmount,
          quantity: item.quantity,
        })),
        createdAt: row.createdAt.toISOString(),
        paidAt: row.paidAt?.toISOString() ?? null,
      };
    },

    async listUnpaidBefore(cutoff, limit) {
      const rows = await prisma.order.findMany({
        where: { status: { in: [...UNPAID_ORDER_STATUSES] }, updatedAt: { lt: cutoff } },
        orderBy: { updatedAt: 'asc' },
        take: limit,
        select: { id: true, paymentIntentId: true },
      });
      return rows.map(candidate);
    },

    async claimCancellations(now, leaseUntil, limit) {
      const rows = await prisma.$queryRaw<{ id: string; payment_intent_id: string | null; cancel_attempts: number }[]>`
        UPDATE orders AS o SET cancel_payment_intent_at = ${leaseUntil}
          FROM (SELECT id FROM orders
                 WHERE cancel_payment_intent_at <= ${now}
                 ORDER BY cancel_payment_intent_at
                 LIMIT ${limit}
                 FOR UPDATE SKIP LOCKED) AS due
         WHERE o.id = due.id
        RETURNING o.id::text AS id, o.payment_intent_id, o.cancel_attempts`;
      return rows.map((row) => ({
        ...candidate({ id: row.id, paymentIntentId: row.payment_intent_id }),
        attempts: Number(row.cancel_attempts),
      }));
    },

    async recordPaymentIntent(orderId, intent, email) {
      return prisma.$transaction(async (tx) => {
        // Never onto an order that expired meanwhile: its PaymentIntent must not be payable.
        const { count } = await tx.order.updateMany({
          where: { id: orderId, paymentIntentId: null, status: { not: 'expired' } },
          data: { paymentIntentId: intent.id },
        });
        // Not recorded now: recorded already (a concurrent request with the same key), or refused.
        if (count === 0) {
          const order = await tx.order.findUnique({ where: { id: orderId }, select: { paymentIntentId: true } });
          if (order?.paymentIntentId !== intent.id) return false;
        }
        await tx.payment.createMany({
          data: [
            {
              orderId,
              stripePaymentIntentId: intent.id,
              currency: intent.currency,
              email,
              ...paymentIntentColumns(intent),
            },
          ],
          skipDuplicates: true, // a concurrent request, or the webhook, recorded it first
        });
        return true;
      });
    },
  };
}
