import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';

/**
 * Every row we keep about one person, found by their (lower-cased) email: their account and its sign-ins, the
 * orders placed with that email or by the account, and everything hanging off those orders. Raw: the use cases decide
 * what an export shows and what an erasure changes.
 */
export interface PersonRecords {
  account: {
    id: string;
    email: string;
    locale: string;
    stripeCustomerId: string | null;
    createdAt: Date;
    updatedAt: Date;
    lastSignInAt: Date | null;
  } | null;
  orders: {
    id: string;
    status: string;
    email: string;
    currency: string;
    amount: number;
    amountRefunded: number;
    locale: string;
    customerId: string | null;
    paymentIntentId: string | null;
    createdAt: Date;
    paidAt: Date | null;
    expiredAt: Date | null;
    erasedAt: Date | null;
    items: { name: string; quantity: number; unitAmount: number }[];
  }[];
  payments: {
    id: string;
    orderId: string;
    stripePaymentIntentId: string;
    stripeChargeId: string | null;
    status: string;
    currency: string;
    amount: number;
    amountReceived: number;
    amountRefunded: number;
    email: string | null;
    paymentMethodType: string | null;
    cardBrand: string | null;
    cardLast4: string | null;
    cardExpMonth: number | null;
    cardExpYear: number | null;
    cardCountry: string | null;
    createdAt: Date;
  }[];
  refunds: {
    id: string;
    paymentId: string;
    stripeRefundId: string | null;
    amount: number;
    currency: string;
    status: string;
    source: string;
    reason: string | null;
    note: string | null;
    failureReason: string | null;
    rejectionNote: string | null;
    createdAt: Date;
  }[];
  disputes: {
    id: string;
    paymentId: string;
    stripeDisputeId: string;
    amount: number;
    currency: string;
    reason: string;
    status: string;
    createdAt: Date;
  }[];
  anomalies: { id: string; orderId: string | null; kind: string; details: unknown; detectedAt: Date }[];
  /** The person's emails (sign-in links, order emails) and the staff notifications about their orders. */
  notifications: {
    id: string;
    orderId: string | null;
    kind: string;
    status: string;
    recipient: string | null;
    payload: unknown;
    lastError: string | null;
    createdAt: Date;
    sentAt: Date | null;
  }[];
  /** Stripe's events about their payments, charges, refunds, disputes or Customer, or naming their email. */
  events: {
    id: string;
    stripeEventId: string;
    type: string;
    receivedAt: Date;
    payload: unknown;
    lastError: string | null;
    payloadRedactedAt: Date | null;
  }[];
  signInLinks: { id: string; createdAt: Date; expiresAt: Date; usedAt: Date | null }[];
  sessions: { id: string; createdAt: Date; expiresAt: Date; endedAt: Date | null }[];
}

/** What an erasure writes, as the use case decided it, in one transaction. */
export interface ErasureWrite {
  at: Date;
  /** The lower-cased email: its sign-in links are deleted. */
  email: string;
  /** The account to delete (its sessions go with it), if there is one. */
  customerId: string | null;
  /** Orders whose email, account and request hash are cleared, marked erased. */
  orderIds: string[];
  /** Payments whose email and card details are cleared. */
  paymentIds: string[];
  refunds: { id: string; note: string | null; failureReason: string | null; rejectionNote: string | null }[];
  anomalies: { id: string; details: unknown }[];
  notifications: {
    id: string;
    payload: unknown;
    recipient: string | null;
    lastError: string | null;
    /** Set when a notification not sent yet must never be: it becomes dead. */
    dead: boolean;
  }[];
  events: { id: string; payload: unknown; lastError: string | null }[];
}

/** A stored webhook payload due for stripping. */
export interface StalePayload {
  id: string;
  payload: unknown;
}

export interface PrivacyRepository {
  /**
   * Every row about the person of `email` (lower-cased). `events: false` skips Stripe's events (their search reads
   * every payload's text: for an export or an erasure, not for a page view).
   */
  recordsOf(email: string, options?: { events?: boolean }): Promise<PersonRecords>;
  /** Writes an erasure, all of it or nothing. */
  erase(write: ErasureWrite): Promise<void>;
  /**
   * Processed or ignored events not yet stripped: received before `receivedBefore`, or about an erased order (what
   * Stripe sent after the erasure). Oldest first, at most `limit`.
   */
  stalePayloads(query: { receivedBefore: Date; limit: number }): Promise<StalePayload[]>;
  /** Stores stripped payloads (only over payloads not stripped since). Answers how many. */
  storeRedactedPayloads(rows: StalePayload[], at: Date): Promise<number>;
  /** Clears the email and card details a late event wrote back into an erased order's payment. Answers how many. */
  clearErasedPaymentDetails(): Promise<number>;
}

const json = (value: unknown) => value as Prisma.InputJsonValue;

export function createPrivacyRepository(prisma: PrismaClient): PrivacyRepository {
  return {
    async recordsOf(email, { events: withEvents = true } = {}) {
      const account = await prisma.customer.findUnique({
        where: { email },
        select: {
          id: true,
          email: true,
          locale: true,
          stripeCustomerId: true,
          createdAt: true,
          updatedAt: true,
          lastSignInAt: true,
        },
      });
      const orders = await prisma.order.findMany({
        where: {
          OR: [{ email: { equals: email, mode: 'insensitive' } }, ...(account ? [{ customerId: account.id }] : [])],
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: {
          id: true,
          status: true,
          email: true,
          currency: true,
          amount: true,
          amountRefunded: true,
          locale: true,
          customerId: true,
          paymentIntentId: true,
          createdAt: true,
          paidAt: true,
          expiredAt: true,
          erasedAt: true,
          items: { select: { name: true, quantity: true, unitAmount: true } },
        },
      });
      const orderIds = orders.map((order) => order.id);
      const payments = await prisma.payment.findMany({
        where: { orderId: { in: orderIds } },
        orderBy: { createdAt: 'asc' },
        select: {
          id: true,
          orderId: true,
          stripePaymentIntentId: true,
          stripeChargeId: true,
          status: true,
          currency: true,
          amount: true,
          amountReceived: true,
          amountRefunded: true,
          email: true,
          paymentMethodType: true,
          cardBrand: true,
          cardLast4: true,
          cardExpMonth: true,
          cardExpYear: true,
          cardCountry: true,
          createdAt: true,
        },
      });
      const paymentIds = payments.map((payment) => payment.id);
      const [refunds, disputes, anomalies, notifications, signInLinks, sessions] = await Promise.all([
        prisma.refund.findMany({
          where: { paymentId: { in: paymentIds } },
          orderBy: { createdAt: 'asc' },
          select: {
            id: true,
            paymentId: true,
            stripeRefundId: true,
            amount: true,
            currency: true,
            status: true,
            source: true,
            reason: true,
            note: true,
            failureReason: true,
            rejectionNote: true,
            createdAt: true,
          },
        }),
        prisma.dispute.findMany({
          where: { paymentId: { in: paymentIds } },
          orderBy: { createdAt: 'asc' },
          select: {
            id: true,
            paymentId: true,
            stripeDisputeId: true,
            amount: true,
            currency: true,
            reason: true,
            status: true,
            createdAt: true,
          },
        }),
        prisma.paymentAnomaly.findMany({
          where: {
            OR: [
              { orderId: { in: orderIds } },
              { stripePaymentIntentId: { in: payments.map((p) => p.stripePaymentIntentId) } },
            ],
          },
          orderBy: { detectedAt: 'asc' },
          select: { id: true, orderId: true, kind: true, details: true, detectedAt: true },
        }),
        prisma.outboxMessage.findMany({
          where: {
            OR: [
              { orderId: { in: orderIds } },
              { recipient: { contains: email, mode: 'insensitive' } },
              { payload: { path: ['email'], equals: email } },
            ],
          },
          orderBy: { createdAt: 'asc' },
          select: {
            id: true,
            orderId: true,
            kind: true,
            status: true,
            recipient: true,
            payload: true,
            lastError: true,
            createdAt: true,
            sentAt: true,
          },
        }),
        prisma.customerSignInToken.findMany({
          where: { email },
          orderBy: { createdAt: 'asc' },
          select: { id: true, createdAt: true, expiresAt: true, usedAt: true },
        }),
        account
          ? prisma.customerSession.findMany({
              where: { customerId: account.id },
              orderBy: { createdAt: 'asc' },
              select: { id: true, createdAt: true, expiresAt: true, endedAt: true },
            })
          : [],
      ]);
      const intents = [
        ...new Set([
          ...payments.map((p) => p.stripePaymentIntentId),
          ...orders.flatMap((o) => (o.paymentIntentId ? [o.paymentIntentId] : [])),
        ]),
      ];
      const objects = [
        ...payments.flatMap((p) => (p.stripeChargeId ? [p.stripeChargeId] : [])),
        ...refunds.flatMap((r) => (r.stripeRefundId ? [r.stripeRefundId] : [])),
        ...disputes.map((d) => d.stripeDisputeId),
        ...(account?.stripeCustomerId ? [account.stripeCustomerId] : []),
      ];
      const customerNeedle = account?.stripeCustomerId ?? null;
      // The payload's text is searched too: an event may name the person without being about one of their payments
      // (a Customer's or a PaymentMethod's event, a charge of a PaymentIntent we never recorded).
      const events = !withEvents
        ? []
        : await prisma.$queryRaw<
            {
              id: string;
              stripe_event_id: string;
              type: string;
              received_at: Date;
              payload: unknown;
              last_error: string | null;
              payload_redacted_at: Date | null;
            }[]
          >`
        SELECT id::text AS id, stripe_event_id, type, received_at, payload, last_error, payload_redacted_at
          FROM webhook_events
         WHERE payment_intent_id = ANY(${intents}::text[])
            OR object_id = ANY(${[...intents, ...objects]}::text[])
            OR strpos(lower(payload::text), ${email}) > 0
            OR (${customerNeedle}::text IS NOT NULL AND strpos(payload::text, ${customerNeedle}::text) > 0)
         ORDER BY received_at, id`;
      return {
        account,
        orders,
        payments,
        refunds,
        disputes,
        anomalies,
        notifications,
        events: events.map((row) => ({
          id: row.id,
          stripeEventId: row.stripe_event_id,
          type: row.type,
          receivedAt: row.received_at,
          payload: row.payload,
          lastError: row.last_error,
          payloadRedactedAt: row.payload_redacted_at,
        })),
        signInLinks,
        sessions,
      };
    },

    async erase(write) {
      await prisma.$transaction(
        async (tx) => {
          await tx.order.updateMany({
            where: { id: { in: write.orderIds } },
            data: { email: '', requestHash: null, customerId: null, erasedAt: write.at },
          });
          await tx.payment.updateMany({
            where: { id: { in: write.paymentIds } },
            data: { email: null, cardLast4: null, cardExpMonth: null, cardExpYear: null },
          });
          // Dispute evidence drafts hold the shopper's name, email and addresses as staff typed them.
          await tx.dispute.updateMany({
            where: { paymentId: { in: write.paymentIds }, evidenceDraft: { not: Prisma.DbNull } },
            data: { evidenceDraft: Prisma.DbNull },
          });
          for (const refund of write.refunds) {
            const { id, ...data } = refund;
            await tx.refund.update({ where: { id }, data });
          }
          for (const anomaly of write.anomalies)
            await tx.paymentAnomaly.update({ where: { id: anomaly.id }, data: { details: json(anomaly.details) } });
          for (const message of write.notifications)
            await tx.outboxMessage.update({
              where: { id: message.id },
              data: {
                payload: json(message.payload),
                recipient: message.recipient,
                lastError: message.lastError,
                ...(message.dead ? { status: 'dead', lockedBy: null, lockedUntil: null } : {}),
              },
            });
          for (const event of write.events)
            await tx.webhookEvent.update({
              where: { id: event.id },
              data: { payload: json(event.payload), lastError: event.lastError, payloadRedactedAt: write.at },
            });
          await tx.customerSignInToken.deleteMany({ where: { email: write.email } });
          if (write.customerId) await tx.customer.deleteMany({ where: { id: write.customerId } });
        },
        { timeout: 60_000 },
      );
    },

    async stalePayloads({ receivedBefore, limit }) {
      const old = await prisma.$queryRaw<StalePayload[]>`
        SELECT id::text AS id, payload FROM webhook_events
         WHERE payload_redacted_at IS NULL AND received_at < ${receivedBefore}
           AND status IN ('processed', 'ignored')
         ORDER BY received_at LIMIT ${limit}`;
      if (old.length >= limit) return old;
      const late = await prisma.$queryRaw<StalePayload[]>`
        SELECT e.id::text AS id, e.payload FROM orders o
          JOIN webhook_events e ON e.payment_intent_id = o.payment_intent_id
         WHERE o.erased_at IS NOT NULL AND e.payload_redacted_at IS NULL AND e.status IN ('processed', 'ignored')
         ORDER BY e.received_at LIMIT ${limit - old.length}`;
      const seen = new Set(old.map((row) => row.id));
      return [...old, ...late.filter((row) => !seen.has(row.id))];
    },

    async storeRedactedPayloads(rows, at) {
      let stored = 0;
      for (const row of rows) {
        const { count } = await prisma.webhookEvent.updateMany({
          where: { id: row.id, payloadRedactedAt: null },
          data: { payload: json(row.payload), payloadRedactedAt: at },
        });
        stored += count;
      }
      return stored;
    },

    async clearErasedPaymentDetails() {
      return prisma.$executeRaw`
        UPDATE payments p SET email = NULL, card_last4 = NULL, card_exp_month = NULL, card_exp_year = NULL
          FROM orders o
         WHERE o.id = p.order_id AND o.erased_at IS NOT NULL
           AND (p.email IS NOT NULL OR p.card_last4 IS NOT NULL OR p.card_exp_month IS NOT NULL
                OR p.card_exp_year IS NOT NULL)`;
    },
  };
}
