import type { Actor, RefundRepository, StoredRefund } from '@storepay/db';
import type { PaymentError, PaymentErrorKind, PaymentIntentId } from '@storepay/payments-core';
import type { PaymentGateway } from '@storepay/payments-core/server';

/** How long one sender holds the right to send a refund to Stripe before another may send it again. */
export const SENDING_LEASE_MS = 30_000;

/**
 * Stripe keeps idempotency keys for 24 hours: a refund first sent longer ago than this is looked for at Stripe (by
 * its metadata id) before it is sent again, so an answer lost back then cannot become a second refund now.
 */
const ADOPT_AFTER_MS = 12 * 60 * 60 * 1000;

/** Stripe refused the refund for good: sending it again with the same key would get the same answer. */
const DEFINITIVE_FAILURES: readonly PaymentErrorKind[] = [
  'invalid_request',
  'not_found',
  'card_declined',
  'authentication_required',
];

export type SendOutcome =
  /** Sent now, or already sent, or being sent by another request: the refund as it is now. */
  | { kind: 'done'; refund: StoredRefund }
  /** Stripe refused it: the row is failed, its amount free again. */
  | { kind: 'refused'; refund: StoredRefund; error: PaymentError }
  /** Stripe could not be reached: the row stays pending, for a retry or the sweep. */
  | { kind: 'unreachable'; refund: StoredRefund; error: PaymentError };

export interface RefundSender {
  /** Sends a pending refund to Stripe unless it is sent already or being sent. */
  send(refund: StoredRefund, actor: Actor | null): Promise<SendOutcome>;
  /**
   * Sends the pending refunds nobody is sending (Stripe was unreachable when they were asked or approved, and
   * nobody retried): answers how many it sent. Run on the reconciler's schedule.
   */
  sweep(options?: { olderThanMs?: number; limit?: number }): Promise<number>;
}

export function createRefundSender({
  refunds,
  payments,
}: {
  refunds: RefundRepository;
  payments: PaymentGateway;
}): RefundSender {
  async function alreadyAtStripe(refund: StoredRefund) {
    if (Date.now() - refund.createdAt.getTime() < ADOPT_AFTER_MS) return null;
    const listed = await payments.listRefunds(refund.paymentIntentId as PaymentIntentId);
    if (!listed.ok) return listed;
    const found = listed.value.find((change) => change.ourRefundId === refund.id);
    return found ? { ok: true as const, value: found } : null;
  }

  async function send(refund: StoredRefund, actor: Actor | null): Promise<SendOutcome> {
    if (refund.status !== 'pending' || refund.stripeRefundId) return { kind: 'done', refund };
    const claim = await refunds.claimForSending(refund.id, SENDING_LEASE_MS);
    if (!claim) return { kind: 'done', refund: (await refunds.find(refund.id)) ?? refund };
    const claimed = claim.refund;
    const result =
      (await alreadyAtStripe(claimed)) ??
      (await payments.createRefund({
        paymentIntentId: claimed.paymentIntentId as PaymentIntentId,
        amount: claimed.amount,
        reason: (claimed.reason ?? 'requested_by_customer') as 'requested_by_customer',
        ourRefundId: claimed.id,
        idempotencyKey: `storepay-refund-${claimed.id}`,
      }));
    if (result.ok) {
      await refunds.recordSent(result.value, actor);
      return { kind: 'done', refund: (await refunds.find(refund.id))! };
    }
    const error = result.error;
    if (DEFINITIVE_FAILURES.includes(error.kind)) {
      // Staff see the kind of failure; Stripe's own message (with request ids) goes to the logs only.
      await refunds.recordRefused(claimed.id, `stripe_${error.kind}`, actor);
      return { kind: 'refused', refund: (await refunds.find(refund.id))!, error };
    }
    await refunds.release(claimed.id, claim.lease);
    return { kind: 'unreachable', refund: claimed, error };
  }

  return {
    send,
    async sweep({ olderThanMs = 60_000, limit = 50 } = {}) {
      let sent = 0;
      for (const refund of await refunds.listUnsent(olderThanMs, limit)) {
        const outcome = await send(refund, null);
        if (outcome.kind === 'done' && outcome.refund.stripeRefundId) sent++;
      }
      return sent;
    },
  };
}
