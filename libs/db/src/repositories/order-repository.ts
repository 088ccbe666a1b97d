import {
  isUuid,
  parseCurrency,
  type CurrencyCode,
  type OrderId,
  type OrderStatus,
  type PaymentIntentId,
  type OrderView,
  type PricedOrder,
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
  /** The PaymentIntent of this order, once created. */
  paymentIntentId: PaymentIntentId | null;
}

export interface CreateOrderInput {
  email: string;
  priced: PricedOrder;
  /** The checkout request's Idempotency-Key; a second create with it returns the first order. */
  idempotencyKey: string | null;
  requestHash: string;
}

export interface OrderRepository {
  /** Creates the order and its lines, or returns the order already created with the same idempotency key. */
  create(input: CreateOrderInput): Promise<{ order: StoredOrder; created: boolean }>;
  find(id: string): Promise<StoredOrder | null>;
  findByIdempotencyKey(key: string): Promise<StoredOrder | null>;
  view(id: string): Promise<OrderView | null>;
  /** Records the PaymentIntent created for an order (idempotent: the same id twice is one payment). */
  recordPaymentIntent(orderId: string, intent: PaymentIntentFacts, email: string): Promise<void>;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

export function createOrderRepository(prisma: PrismaClient): OrderRepository {
  async function find(id: string): Promise<StoredOrder | null> {
    if (!isUuid(id)) return null;
    const row = await prisma.order.findUnique({
      where: { id },
      include: { payments: { orderBy: { createdAt: 'desc' }, take: 1 } },
    });
    if (!row) return null;
    return {
      // Ids read back from our own database were checked when they were written.
      id: row.id as OrderId,
      status: row.status,
      currency: parseCurrency(row.currency)!,
      amount: row.amount,
      email: row.email,
      requestHash: row.requestHash,
      paymentIntentId: (row.payments[0]?.stripePaymentIntentId ?? null) as PaymentIntentId | null,
    };
  }

  return {
    find,

    async findByIdempotencyKey(key) {
      const row = await prisma.order.findUnique({ where: { idempotencyKey: key }, select: { id: true } });
      return row ? find(row.id) : null;
    },

    async create({ email, priced, idempotencyKey, requestHash }) {
      try {
        const row = await prisma.order.create({
          data: {
            email,
            currency: priced.currency,
            amount: priced.total.amount,
            idempotencyKey,
            requestHash,
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

    async recordPaymentIntent(orderId, intent, email) {
      try {
        await prisma.payment.create({
          data: {
            orderId,
            stripePaymentIntentId: intent.id,
            currency: intent.currency,
            email,
            ...paymentIntentColumns(intent),
          },
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error; // a concurrent request recorded it first
      }
    },
  };
}
