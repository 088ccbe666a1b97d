import {
  applyRefundChanges,
  needsApproval,
  refundedWithoutApproval,
  refundableAmount,
  type RefundChange,
  type RefundReason,
  type RefundRefusal,
} from '@storepay/payments-core';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { appendAudit } from './audit-repository';
import { createWebhookEffects } from './webhook-processing-repository';

export interface Actor {
  id: string;
  email: string;
  ip?: string | null;
}

export interface StaffRef {
  id: string;
  email: string;
}

/** A refund as staff see it: amounts, state, and who asked, approved or rejected it. */
export interface RefundFacts {
  id: string;
  amount: number;
  currency: string;
  status: 'awaiting_approval' | 'rejected' | 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';
  source: 'admin' | 'stripe';
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
  paymentIntentId: string;
  idempotencyKey: string | null;
}

export interface RefundRequestInput {
  orderId: string;
  /** The request's Idempotency-Key: one refund per key, whatever happens to the request. */
  idempotencyKey: string;
  /** Minor units; undefined = everything still refundable. */
  amount?: number;
  reason: RefundReason;
  note?: string;
  actor: Actor;
  /** Major units per upper-case currency; above them (or without one) a second admin must approve. */
  approvalThresholds: Readonly<Record<string, number>>;
}

export type RefundRequestOutcome =
  | { kind: 'created'; refund: StoredRefund }
  | { kind: 'existing'; refund: StoredRefund }
  | { kind: 'refused'; refusal: RefundRefusal };

export type RefundDecisionOutcome =
  | { kind: 'decided'; refund: StoredRefund }
  | { kind: 'not_found' }
  | { kind: 'not_awaiting_approval'; status: string }
  | { kind: 'own_request' }
  /** The payment cannot give this amount any more (refunded elsewhere since): reject it instead. */
  | { kind: 'not_refundable' };

export interface RefundRepository {
  /**
   * Records a refund request in one transaction that locks the payment: the idempotency key is looked up under the
   * lock (so concurrent copies of one request make one row), the amount is checked against what is still refundable
   * (so concurrent refunds can never exceed the payment), the row starts `pending` or `awaiting_approval`, and the
   * request is audited.
   */
  request(input: RefundRequestInput): Promise<RefundRequestOutcome>;
  /**
   * Takes the right to send a `pending` refund to Stripe for `leaseMs` (null when it is sent already, or another
   * request is sending it right now). A sender that fails without an answer releases it, so a retry can send.
   */
  claimForSending(refundId: string, leaseMs: number): Promise<{ refund: StoredRefund; lease: Date } | null>;
  /** Gives the lease back (only the lease this sender holds: a later sender's is left alone). */
  release(refundId: string, lease: Date): Promise<void>;
  /** Pending refunds not sent to Stripe, asked for over `olderThanMs` ago, that nobody is sending now. */
  listUnsent(olderThanMs: number, limit: number): Promise<StoredRefund[]>;
  /** Applies Stripe's answer through the webhook rules (our row by its metadata id; the order settled) and audits. */
  recordSent(change: RefundChange, actor: Actor | null): Promise<void>;
  /** Stripe refused the refund: the row is failed (its amount no longer reserved), and that is audited. */
  recordRefused(refundId: string, failureReason: string, actor: Actor | null): Promise<void>;
  approve(refundId: string, actor: Actor): Promise<RefundDecisionOutcome>;
  reject(refundId: string, actor: Actor, note?: string): Promise<RefundDecisionOutcome>;
  find(refundId: string): Promise<StoredRefund | null>;
  list(query: { status?: StoredRefund['status']; orderId?: string; limit: number }): Promise<StoredRefund[]>;
}

const staff = { select: { id: true, email: true } } as const;
const refundInclude = {
  payment: { select: { orderId: true, stripePaymentIntentId: true } },
  requestedBy: staff,
  approvedBy: staff,
  rejectedBy: staff,
} as const;

type RefundRow = Prisma.RefundGetPayload<{ include: typeof refundInclude }>;

function storedRefund(row: RefundRow): StoredRefund {
  return {
    id: row.id,
    orderId: row.payment.orderId,
    paymentIntentId: row.payment.stripePaymentIntentId,
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const audit = (tx: Prisma.TransactionClient, actor: Actor | null, action: string, refundId: string, details: object) =>
  appendAudit(tx, {
    actorId: actor?.id ?? null,
    actorEmail: actor?.email ?? null,
    ip: actor?.ip ?? null,
    action,
    targetType: 'refund',
    targetId: refundId,
    details: details as Record<string, unknown>,
  });

export function createRefundRepository(prisma: PrismaClient): RefundRepository {
  const read = (tx: Prisma.TransactionClient | PrismaClient, id: string) =>
    tx.refund.findUnique({ where: { id }, include: refundInclude }).then((row) => row && storedRefund(row));

  /** Locks a refund awaiting approval and lets `apply` decide it (or refuse: own request). */
  async function decide(
    refundId: string,
    apply: (
      tx: Prisma.TransactionClient,
      row: { requestedById: string | null; paymentId: string; amount: number },
    ) => Promise<'own_request' | 'not_refundable' | null>,
  ): Promise<RefundDecisionOutcome> {
    if (!UUID.test(refundId)) return { kind: 'not_found' };
    return prisma.$transaction(async (tx) => {
      // The payment first, then the refund: the same order as a refund request and as the webhook rules take them.
      const [owner] = await tx.$queryRaw<{ payment_id: string }[]>`
        SELECT payment_id::text AS payment_id FROM refunds WHERE id = ${refundId}::uuid`;
      if (!owner) return { kind: 'not_found' as const };
      await tx.$queryRaw`SELECT id FROM payments WHERE id = ${owner.payment_id}::uuid FOR UPDATE`;
      const [row] = await tx.$queryRaw<{ status: string; requested_by_id: string | null; amount: number }[]>`
        SELECT status::text AS status, requested_by_id::text AS requested_by_id, amount
          FROM refunds WHERE id = ${refundId}::uuid FOR UPDATE`;
      if (!row) return { kind: 'not_found' as const };
      if (row.status !== 'awaiting_approval') return { kind: 'not_awaiting_approval' as const, status: row.status };
      const refused = await apply(tx, {
        requestedById: row.requested_by_id,
        paymentId: owner.payment_id,
        amount: row.amount,
      });
      if (refused) return { kind: refused };
      return { kind: 'decided' as const, refund: (await read(tx, refundId))! };
    });
  }

  /**
   * Whether the payment can still give this refund's amount: refunds made since it was asked for (in the Stripe
   * Dashboard, say) may have taken what it had reserved.
   */
  async function stillRefundable(tx: Prisma.TransactionClient, refundId: string, paymentId: string, amount: number) {
    const payment = await tx.payment.findUniqueOrThrow({
      where: { id: paymentId },
      select: { status: true, amountReceived: true },
    });
    const others = await tx.refund.findMany({
      where: { paymentId, NOT: { id: refundId } },
      select: { amount: true, status: true },
    });
    return payment.status === 'succeeded' && refundableAmount(payment.amountReceived, others) >= amount;
  }

  return {
    async request(input) {
      if (!UUID.test(input.orderId)) return { kind: 'refused', refusal: { kind: 'not_found' } };
      return prisma.$transaction(async (tx) => {
        const [payment] = await tx.$queryRaw<
          { id: string; status: string; amount_received: number; currency: string }[]
        >`SELECT id::text AS id, status::text AS status, amount_received, currency
            FROM payments WHERE order_id = ${input.orderId}::uuid ORDER BY created_at DESC LIMIT 1 FOR UPDATE`;

        // Under the payment's lock: a concurrent copy of this request has committed its row by now, or not started.
        const existing = await tx.refund.findUnique({
          where: { idempotencyKey: input.idempotencyKey },
          include: refundInclude,
        });
        if (existing) {
          const same =
            existing.payment.orderId === input.orderId &&
            existing.reason === input.reason &&
            (input.amount === undefined || input.amount === existing.amount);
          return same
            ? { kind: 'existing' as const, refund: storedRefund(existing) }
            : { kind: 'refused' as const, refusal: { kind: 'key_reused' as const } };
        }

        if (!payment) {
          const order = await tx.order.findUnique({ where: { id: input.orderId }, select: { id: true } });
          return {
            kind: 'refused' as const,
            refusal: order
              ? { kind: 'not_refundable' as const, reason: 'this order has no payment' }
              : { kind: 'not_found' as const },
          };
        }
        if (payment.status !== 'succeeded' || payment.amount_received <= 0) {
          return {
            kind: 'refused' as const,
            refusal: { kind: 'not_refundable' as const, reason: `the payment is ${payment.status}, not succeeded` },
          };
        }
        const refunds = await tx.refund.findMany({
          where: { paymentId: payment.id },
          select: { amount: true, status: true, source: true, approvedById: true },
        });
        const refundable = refundableAmount(payment.amount_received, refunds);
        if (refundable === 0) {
          return {
            kind: 'refused' as const,
            refusal: { kind: 'not_refundable' as const, reason: 'nothing is left to refund' },
          };
        }
        const amount = input.amount ?? refundable;
        if (amount > refundable)
          return {
            kind: 'refused' as const,
            refusal: { kind: 'exceeds_refundable' as const, refundable, currency: payment.currency },
          };

        const waits = needsApproval(
          amount,
          payment.currency,
          input.approvalThresholds,
          refundedWithoutApproval(refunds),
        );
        const created = await tx.refund.create({
          data: {
            paymentId: payment.id,
            amount,
            currency: payment.currency,
            reason: input.reason,
            note: input.note ?? null,
            status: waits ? 'awaiting_approval' : 'pending',
            source: 'admin',
            idempotencyKey: input.idempotencyKey,
            requestedById: input.actor.id,
          },
          include: refundInclude,
        });
        await audit(tx, input.actor, 'refund.requested', created.id, {
          orderId: input.orderId,
          amount,
          currency: payment.currency,
          reason: input.reason,
          note: input.note ?? null,
          approvalRequired: waits,
          refundableBefore: refundable,
        });
        return { kind: 'created' as const, refund: storedRefund(created) };
      });
    },

    async claimForSending(refundId, leaseMs) {
      const claimed = await prisma.$queryRaw<{ sending_at: Date }[]>`
        UPDATE refunds SET sending_at = clock_timestamp()
         WHERE id = ${refundId}::uuid AND status = 'pending' AND stripe_refund_id IS NULL
           AND (sending_at IS NULL OR sending_at < now() - make_interval(secs => ${leaseMs / 1000}))
     RETURNING sending_at`;
      const refund = claimed[0] ? await read(prisma, refundId) : null;
      return refund ? { refund, lease: claimed[0]!.sending_at } : null;
    },

    async release(refundId, lease) {
      await prisma.refund.updateMany({
        where: { id: refundId, stripeRefundId: null, sendingAt: lease },
        data: { sendingAt: null },
      });
    },

    async listUnsent(olderThanMs, limit) {
      const cutoff = new Date(Date.now() - olderThanMs);
      const rows = await prisma.refund.findMany({
        where: {
          status: 'pending',
          stripeRefundId: null,
          updatedAt: { lt: cutoff },
          OR: [{ sendingAt: null }, { sendingAt: { lt: cutoff } }],
        },
        include: refundInclude,
        orderBy: { createdAt: 'asc' },
        take: limit,
      });
      return rows.map(storedRefund);
    },

    async recordSent(change, actor) {
      await prisma.$transaction(async (tx) => {
        await applyRefundChanges(change.paymentIntentId, [change], createWebhookEffects(tx));
        if (change.ourRefundId) {
          await tx.refund.update({ where: { id: change.ourRefundId }, data: { sendingAt: null } });
          await audit(tx, actor, 'refund.sent', change.ourRefundId, {
            stripeRefundId: change.stripeRefundId,
            status: change.status,
            amount: change.amount,
          });
        }
      });
    },

    async recordRefused(refundId, failureReason, actor) {
      await prisma.$transaction(async (tx) => {
        await tx.refund.update({
          where: { id: refundId },
          data: { status: 'failed', failureReason: failureReason.slice(0, 500), sendingAt: null },
        });
        await audit(tx, actor, 'refund.failed', refundId, { failureReason });
      });
    },

    approve(refundId, actor) {
      return decide(refundId, async (tx, row) => {
        if (row.requestedById === actor.id) return 'own_request';
        if (!(await stillRefundable(tx, refundId, row.paymentId, row.amount))) return 'not_refundable';
        await tx.refund.update({
          where: { id: refundId },
          data: { status: 'pending', approvedById: actor.id, approvedAt: new Date() },
        });
        await audit(tx, actor, 'refund.approved', refundId, {});
        return null;
      });
    },

    reject(refundId, actor, note) {
      return decide(refundId, async (tx) => {
        await tx.refund.update({
          where: { id: refundId },
          data: { status: 'rejected', rejectedById: actor.id, rejectedAt: new Date(), rejectionNote: note ?? null },
        });
        await audit(tx, actor, 'refund.rejected', refundId, { note: note ?? null });
        return null;
      });
    },

    find: (refundId) => (UUID.test(refundId) ? read(prisma, refundId) : Promise.resolve(null)),

    async list({ status, orderId, limit }) {
      const rows = await prisma.refund.findMany({
        where: { ...(status ? { status } : {}), ...(orderId ? { payment: { orderId } } : {}) },
        include: refundInclude,
        orderBy: { createdAt: 'desc' },
        take: limit,
      });
      return rows.map(storedRefund);
    },
  };
}
