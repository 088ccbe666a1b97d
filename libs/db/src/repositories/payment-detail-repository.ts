import { outboxViewSelect, type OutboxEntryView } from './outbox-repository';
import { storedPaymentAnomaly, type StoredPaymentAnomaly } from './payment-anomaly-rows';
import type { RefundFacts } from './refund-rows';
import {
  earlyFraudWarningInclude,
  reviewInclude,
  storedEarlyFraudWarning,
  storedReview,
  type StoredEarlyFraudWarning,
  type StoredReview,
} from './review-repository';
import type { PrismaClient } from '../generated/prisma/client.ts';

const staffRef = { select: { id: true, email: true } } as const;

/** Everything the admin shows about one order: its payment, refunds, latest dispute, inbox events and audit trail. */
export interface PaymentDetailRecord {
  order: {
    id: string;
    status: string;
    currency: string;
    amount: number;
    amountRefunded: number;
    email: string;
    createdAt: Date;
    paidAt: Date | null;
    captureMethod: 'automatic' | 'manual';
    items: { name: string; quantity: number; unitAmount: number }[];
  };
  payment: {
    id: string;
    stripePaymentIntentId: string;
    status: string;
    amountReceived: number;
    cardBrand: string | null;
    cardLast4: string | null;
    cardCountry: string | null;
    cardExpMonth: number | null;
    cardExpYear: number | null;
    riskLevel: string | null;
    outcomeType: string | null;
    networkStatus: string | null;
    failureCode: string | null;
    declineCode: string | null;
    failureMessage: string | null;
    amountCapturable: number;
    authorizedAt: Date | null;
    captureBefore: Date | null;
  } | null;
  /** Radar reviews and early fraud warnings of the payment, oldest first. */
  reviews: StoredReview[];
  earlyFraudWarnings: StoredEarlyFraudWarning[];
  /** Decisions on the payment's authorisation (manual capture), oldest first. */
  authorizationActions: {
    id: string;
    kind: 'capture' | 'cancel';
    amount: number;
    status: 'pending' | 'succeeded' | 'failed';
    reason: string | null;
    note: string | null;
    failureReason: string | null;
    requestedBy: { id: string; email: string } | null;
    createdAt: Date;
  }[];
  refunds: (RefundFacts & { updatedAt: Date })[];
  /** PaymentIntents that named this order but may not pay it, oldest first. */
  anomalies: StoredPaymentAnomaly[];
  latestDispute: { id: string; status: string; amount: number; reason: string } | null;
  /** The PaymentIntent's inbox events, oldest (by Stripe's created) first. */
  events: {
    id: string;
    type: string;
    status: string;
    attempts: number;
    lastError: string | null;
    source: string;
    stripeCreatedAt: Date;
    receivedAt: Date;
    processedAt: Date | null;
  }[];
  /** The order's notifications (outbox rows), oldest first. */
  notifications: OutboxEntryView[];
  /** Audit entries whose target is the order or one of its refunds, oldest first. */
  audit: {
    id: string;
    occurredAt: Date;
    actorEmail: string | null;
    action: string;
    targetType: string;
    targetId: string | null;
    details: unknown;
  }[];
}

export interface PaymentDetailRepository {
  /** The order with this id and all it relates to, or null when there is none. */
  find(orderId: string): Promise<PaymentDetailRecord | null>;
}

export function createPaymentDetailRepository(prisma: PrismaClient): PaymentDetailRepository {
  return {
    async find(orderId) {
      const order = await prisma.order.findUnique({
        where: { id: orderId },
        include: {
          items: {
            select: { name: true, quantity: true, unitAmount: true },
            orderBy: [{ name: 'asc' }, { id: 'asc' }],
          },
          anomalies: { orderBy: [{ detectedAt: 'asc' }, { id: 'asc' }] },
          outbox: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: outboxViewSelect },
          payments: {
            orderBy: { createdAt: 'desc' },
            take: 1,
            include: {
              refunds: {
                orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
                include: { requestedBy: staffRef, approvedBy: staffRef, rejectedBy: staffRef },
              },
              disputes: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 1 },
              authorizationActions: {
                orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
                include: { requestedBy: staffRef },
              },
            },
          },
        },
      });
      if (!order) return null;
      const { payments, items, anomalies, outbox, ...orderFields } = order;
      const payment = payments[0] ?? null;
      const refunds = payment?.refunds ?? [];
      const oldestFirst = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];
      const [reviews, warnings] = payment
        ? await Promise.all([
            prisma.review.findMany({ where: { paymentId: payment.id }, include: reviewInclude, orderBy: oldestFirst }),
            prisma.earlyFraudWarning.findMany({
              where: { paymentId: payment.id },
              include: earlyFraudWarningInclude,
              orderBy: oldestFirst,
            }),
          ])
        : [[], []];
      const [events, audit] = await Promise.all([
        payment
          ? prisma.webhookEvent.findMany({
              where: { paymentIntentId: payment.stripePaymentIntentId },
              orderBy: [{ stripeCreatedAt: 'asc' }, { receivedAt: 'asc' }],
              select: {
                id: true,
                type: true,
                status: true,
                attempts: true,
                lastError: true,
                source: true,
                stripeCreatedAt: true,
                receivedAt: true,
                processedAt: true,
              },
            })
          : [],
        prisma.auditLog.findMany({
          where: { targetId: { in: [order.id, ...refunds.map((refund) => refund.id)] } },
          orderBy: { id: 'asc' },
        }),
      ]);
      const dispute = payment?.disputes[0];
      return {
        order: { ...orderFields, items },
        payment,
        refunds,
        authorizationActions: payment?.authorizationActions ?? [],
        reviews: reviews.map(storedReview),
        earlyFraudWarnings: warnings.map(storedEarlyFraudWarning),
        anomalies: anomalies.map(storedPaymentAnomaly),
        latestDispute: dispute
          ? { id: dispute.id, status: dispute.status, amount: dispute.amount, reason: dispute.reason }
          : null,
        events,
        notifications: outbox,
        audit: audit.map((entry) => ({ ...entry, id: entry.id.toString() })),
      };
    },
  };
}
