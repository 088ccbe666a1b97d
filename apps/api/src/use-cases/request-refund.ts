import type { Actor, StoredRefund } from '@storepay/db';
import {
  err,
  needsApproval,
  ok,
  refundableAmount,
  refundedWithoutApproval,
  type RefundReason,
  type Result,
} from '@storepay/payments-core';
import { auditBy } from './ports';
import { notFound, type NotFound, type RefusalOf } from './refusals';
import { sendRefund, sentRefund, type SendRefundPorts } from './send-refund';
import {
  decideAuthorization,
  type DecideAuthorizationPorts,
  type DecideAuthorizationRefusal,
  type DecidedAuthorization,
} from './decide-authorization';

export interface RequestRefundPorts extends SendRefundPorts {
  /** Major units per upper-case currency; above them (or without one) a second admin must approve. */
  approvalThresholds: Readonly<Record<string, number>>;
}

/** `refundOrRelease` also releases authorisations. */
export interface RefundOrReleasePorts extends RequestRefundPorts {
  gateway: SendRefundPorts['gateway'] & DecideAuthorizationPorts['gateway'];
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
}

export type RecordRefundRefusal =
  NotFound | RefusalOf<'not_refundable' | 'amount_exceeds_refundable' | 'idempotency_key_reused'>;
export type RequestRefundRefusal = RecordRefundRefusal | RefusalOf<'refund_refused' | 'refund_unsent'>;

export type RecordedRefund = { refund: StoredRefund; created: boolean };
/** A refund asked of a payment not captured yet: its authorisation released instead (nothing was taken). */
export type ReleasedInstead = { released: DecidedAuthorization };

/**
 * Records a refund request in one transaction that locks the payment: the idempotency key is looked up under the
 * lock (so concurrent copies of one request make one row), the amount is checked against what is still refundable
 * (so concurrent refunds can never exceed the payment), the row starts `pending` or, above the currency's approval
 * threshold (counting the payment's earlier refunds made without approval, so splitting does not avoid it),
 * `awaiting_approval`; and the request is audited.
 */
export async function recordRefundRequest(
  ports: Pick<RequestRefundPorts, 'paymentTransactions' | 'approvalThresholds'>,
  input: RefundRequestInput,
): Promise<Result<RecordedRefund, RecordRefundRefusal>> {
  return ports.paymentTransactions.run(async (tx): Promise<Result<RecordedRefund, RecordRefundRefusal>> => {
    const payment = await tx.lockPaymentOfOrder(input.orderId);
    // Under the payment's lock: a concurrent copy of this request has committed its row by now, or not started.
    const existing = await tx.findRefundByIdempotencyKey(input.idempotencyKey);
    if (existing) {
      const same =
        existing.orderId === input.orderId.toLowerCase() &&
        existing.reason === input.reason &&
        (input.amount === undefined || input.amount === existing.amount);
      return same ? ok({ refund: existing, created: false }) : err({ kind: 'idempotency_key_reused', scope: 'refund' });
    }
    if (!payment) {
      return (await tx.orderExists(input.orderId))
        ? err({ kind: 'not_refundable', reason: 'this order has no payment' })
        : err(notFound('payment'));
    }
    if (payment.status !== 'succeeded' || payment.amountReceived <= 0) {
      return err({ kind: 'not_refundable', reason: `the payment is ${payment.status}, not succeeded` });
    }
    const refunds = await tx.refundsOfPayment(payment.id);
    const refundable = refundableAmount(payment.amountReceived, refunds);
    if (refundable === 0) return err({ kind: 'not_refundable', reason: 'nothing is left to refund' });
    const amount = input.amount ?? refundable;
    if (amount > refundable) {
      return err({ kind: 'amount_exceeds_refundable', refundable, currency: payment.currency });
    }

    const waits = needsApproval(amount, payment.currency, ports.approvalThresholds, refundedWithoutApproval(refunds));
    const refund = await tx.createRefund({
      paymentId: payment.id,
      amount,
      currency: payment.currency,
      reason: input.reason,
      note: input.note ?? null,
      status: waits ? 'awaiting_approval' : 'pending',
      idempotencyKey: input.idempotencyKey,
      requestedById: input.actor.id,
    });
    // The admins are asked by email for the second person's approval (once per refund).
    if (waits) {
      await tx.enqueueOutbox({
        kind: 'refund.awaiting_approval',
        dedupeKey: `refund-awaiting-approval:${refund.id}`,
        orderId: payment.orderId,
        payload: { refundId: refund.id, amount, currency: payment.currency, reason: input.reason },
      });
    }
    await tx.appendAudit(
      auditBy(input.actor, {
        action: 'refund.requested',
        targetType: 'refund',
        targetId: refund.id,
        details: {
          orderId: payment.orderId,
          amount,
          currency: payment.currency,
          reason: input.reason,
          note: input.note ?? null,
          approvalRequired: waits,
          refundableBefore: refundable,
        },
      }),
    );
    return ok({ refund, created: true });
  });
}

/**
 * A refund from the admin: recorded (amount reserved under the payment's lock, audited) before Stripe is asked,
 * then sent unless it waits for approval. A copy of a request (same key) answers the same refund, sending it if
 * an earlier attempt could not reach Stripe.
 */
export async function requestRefund(
  ports: RequestRefundPorts,
  input: RefundRequestInput,
): Promise<Result<RecordedRefund, RequestRefundRefusal>> {
  const recorded = await recordRefundRequest(ports, input);
  if (!recorded.ok) return recorded;
  const sent = sentRefund(await sendRefund(ports, recorded.value.refund, input.actor));
  return sent.ok ? ok({ refund: sent.value, created: recorded.value.created }) : sent;
}

/**
 * A refund from the admin's refund route: a payment not captured yet has taken nothing, so refunding all of it is
 * releasing its authorisation (a cancel, with the same key and reason); refunding part of it is refused (capture
 * less instead). Any other payment is refunded (`requestRefund`).
 */
export async function refundOrRelease(
  ports: RefundOrReleasePorts,
  input: RefundRequestInput,
): Promise<Result<RecordedRefund | ReleasedInstead, RequestRefundRefusal | DecideAuthorizationRefusal>> {
  const payment = await ports.paymentTransactions.run((tx) => tx.lockPaymentOfOrder(input.orderId));
  if (payment?.status === 'requires_capture') {
    // Nothing was taken yet: refunding it all is releasing the authorisation; part of it, capturing less.
    if (input.amount !== undefined && input.amount !== payment.amountCapturable) {
      return err({
        kind: 'not_refundable',
        reason: 'it is authorised, not captured: capture what the shopper keeps paying, or release it all',
      });
    }
    const released = await decideAuthorization(ports, {
      orderId: input.orderId,
      kind: 'cancel',
      cancelReason: input.reason,
      note: input.note,
      idempotencyKey: input.idempotencyKey,
      actor: input.actor,
    });
    return released.ok ? ok({ released: released.value }) : released;
  }
  return requestRefund(ports, input);
}
