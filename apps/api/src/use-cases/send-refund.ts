import type { Actor, PaymentTransactions, RefundRepository, StoredRefund } from '@storepay/db';
import {
  applyRefundChanges,
  err,
  ok,
  type PaymentError,
  type PaymentErrorKind,
  type RefundChange,
  type Result,
} from '@storepay/payments-core';
import type { PaymentGateway } from '@storepay/payments-core/server';
import { auditBy, type Clock } from './ports';
import type { RefusalOf } from './refusals';

export interface SendRefundPorts {
  refunds: Pick<RefundRepository, 'claimForSending' | 'release' | 'find' | 'listUnsent'>;
  paymentTransactions: PaymentTransactions;
  gateway: Pick<PaymentGateway, 'createRefund' | 'listRefunds'>;
  clock: Clock;
}

/** How long one sender holds the right to send a refund to Stripe before another may send it again. */
export const SENDING_LEASE_MS = 30_000;

/**
 * Stripe keeps idempotency keys for 24 hours: a refund first sent longer ago than this is looked for at Stripe (by
 * its metadata id) before it is sent again, so an answer lost back then cannot become a second refund now.
 */
export const ADOPT_AFTER_MS = 12 * 60 * 60 * 1000;

/** Stripe refused the refund for good: sending it again with the same key would get the same answer. */
const DEFINITIVE_FAILURES: readonly PaymentErrorKind[] = [
  'invalid_request',
  'not_found',
  'card_declined',
  'authentication_required',
];

/** The idempotency key Stripe gets for a refund row: one per row, whoever sends it and however often. */
export const refundIdempotencyKey = (refundId: string) => `storepay-refund-${refundId}`;

export type SendOutcome =
  /** Sent now, or already sent, or being sent by another sender: the refund as it is now. */
  | { kind: 'done'; refund: StoredRefund }
  /** Stripe refused it: the row is failed, its amount free again. */
  | { kind: 'refused'; refund: StoredRefund; error: PaymentError }
  /** Stripe could not be reached: the row stays pending, for a retry or the sweep. */
  | { kind: 'unreachable'; refund: StoredRefund; error: PaymentError };

async function alreadyAtStripe(
  ports: SendRefundPorts,
  refund: StoredRefund,
): Promise<Result<RefundChange, PaymentError> | null> {
  if (ports.clock.now().getTime() - refund.createdAt.getTime() < ADOPT_AFTER_MS) return null;
  const listed = await ports.gateway.listRefunds(refund.paymentIntentId);
  if (!listed.ok) return listed;
  const found = listed.value.find((change) => change.ourRefundId === refund.id);
  return found ? { ok: true, value: found } : null;
}

/**
 * Sends a pending refund to Stripe, unless it is sent already or another sender holds its lease. Stripe gets one
 * idempotency key per refund row and our row's id in its metadata, so its answer (and every later event) updates
 * this row and never makes a second one. Stripe's answer is applied through the webhook rules and audited in one
 * transaction; a definitive refusal fails the row; an unreachable Stripe gives the lease back for a retry.
 */
export async function sendRefund(
  ports: SendRefundPorts,
  refund: StoredRefund,
  actor: Actor | null,
): Promise<SendOutcome> {
  if (refund.status !== 'pending' || refund.stripeRefundId) return { kind: 'done', refund };
  const claim = await ports.refunds.claimForSending(refund.id, SENDING_LEASE_MS);
  if (!claim) return { kind: 'done', refund: (await ports.refunds.find(refund.id)) ?? refund };
  const claimed = claim.refund;
  const result =
    (await alreadyAtStripe(ports, claimed)) ??
    (await ports.gateway.createRefund({
      paymentIntentId: claimed.paymentIntentId,
      amount: claimed.amount,
      reason: (claimed.reason ?? 'requested_by_customer') as 'requested_by_customer',
      ourRefundId: claimed.id,
      idempotencyKey: refundIdempotencyKey(claimed.id),
    }));

  if (result.ok) {
    const change = result.value;
    const sent = await ports.paymentTransactions.run(async (tx) => {
      await applyRefundChanges(change.paymentIntentId, [change], tx);
      await tx.updateRefund(claimed.id, { sendingAt: null });
      await tx.appendAudit(
        auditBy(actor, {
          action: 'refund.sent',
          targetType: 'refund',
          targetId: claimed.id,
          details: { stripeRefundId: change.stripeRefundId, status: change.status, amount: change.amount },
        }),
      );
      return tx.readRefund(claimed.id);
    });
    return { kind: 'done', refund: sent ?? claimed };
  }

  const error = result.error;
  if (DEFINITIVE_FAILURES.includes(error.kind)) {
    // Staff see the kind of failure; Stripe's own message (with request ids) goes to the logs only.
    const failureReason = `stripe_${error.kind}`;
    const failed = await ports.paymentTransactions.run(async (tx) => {
      await tx.updateRefund(claimed.id, { status: 'failed', failureReason, sendingAt: null });
      await tx.appendAudit(
        auditBy(actor, {
          action: 'refund.failed',
          targetType: 'refund',
          targetId: claimed.id,
          details: { failureReason },
        }),
      );
      return tx.readRefund(claimed.id);
    });
    return { kind: 'refused', refund: failed ?? claimed, error };
  }
  await ports.refunds.release(claimed.id, claim.lease);
  return { kind: 'unreachable', refund: claimed, error };
}

/**
 * Sends the pending refunds nobody is sending (Stripe was unreachable when they were asked or approved, and nobody
 * retried within `olderThanMs`): answers how many reached Stripe. Run on the reconciler's schedule.
 */
export async function sendUnsentRefunds(
  ports: SendRefundPorts,
  { olderThanMs = 60_000, limit = 50 }: { olderThanMs?: number; limit?: number } = {},
): Promise<number> {
  let sent = 0;
  const before = new Date(ports.clock.now().getTime() - olderThanMs);
  for (const refund of await ports.refunds.listUnsent(before, limit)) {
    const outcome = await sendRefund(ports, refund, null);
    if (outcome.kind === 'done' && outcome.refund.stripeRefundId) sent++;
  }
  return sent;
}

/** A send's outcome as a use case answers it: the refund, or why Stripe does not have it. */
export function sentRefund(outcome: SendOutcome): Result<StoredRefund, RefusalOf<'refund_refused' | 'refund_unsent'>> {
  switch (outcome.kind) {
    case 'done':
      return ok(outcome.refund);
    case 'refused':
      return err({ kind: 'refund_refused', error: outcome.error });
    case 'unreachable':
      return err({ kind: 'refund_unsent', error: outcome.error });
  }
}
