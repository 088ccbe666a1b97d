import type { Actor, PaymentTransaction, StaffRepository, StoredRefund } from '@storepay/db';
import { err, ok, refundableAmount, type Result } from '@storepay/payments-core';
import { auditBy, type Clock } from './ports';
import { notFound, type NotFound, type RefusalOf } from './refusals';
import { sendRefund, sentRefund, type SendRefundPorts } from './send-refund';

export type DecisionRefusal =
  NotFound | RefusalOf<'not_awaiting_approval' | 'own_request' | 'created_by_requester' | 'no_longer_refundable'>;
export type ApproveRefusal = DecisionRefusal | RefusalOf<'refund_refused' | 'refund_unsent'>;

type Decide = (
  tx: PaymentTransaction,
  refund: StoredRefund,
  payment: { status: string; amountReceived: number; id: string },
) => Promise<DecisionRefusal | null>;

/** Locks a refund awaiting approval (its payment first, as every writer does) and lets `decide` settle it. */
function decideAwaiting(
  ports: { paymentTransactions: SendRefundPorts['paymentTransactions'] },
  refundId: string,
  decide: Decide,
): Promise<Result<StoredRefund, DecisionRefusal>> {
  return ports.paymentTransactions.run(async (tx): Promise<Result<StoredRefund, DecisionRefusal>> => {
    const locked = await tx.lockRefund(refundId);
    if (!locked) return err(notFound('refund'));
    const { refund, payment } = locked;
    if (refund.status !== 'awaiting_approval') return err({ kind: 'not_awaiting_approval', status: refund.status });
    const refused = await decide(tx, refund, payment);
    if (refused) return err(refused);
    const decided = await tx.readRefund(refund.id);
    return decided ? ok(decided) : err(notFound('refund'));
  });
}

/**
 * Two accounts of one person: either created the other, directly or through accounts it created. An admin who makes
 * an account for themselves cannot approve their own refunds with it.
 */
async function sameHands(staff: Pick<StaffRepository, 'creators'>, one: string, other: string): Promise<boolean> {
  const [aboveOne, aboveOther] = await Promise.all([staff.creators(one), staff.creators(other)]);
  return aboveOne.includes(other) || aboveOther.includes(one);
}

/**
 * A second admin approves a refund that waited above the threshold: never the admin who asked for it, nor an
 * account that admin created (or that created theirs), and only while the payment can still give the amount
 * (refunds made since, in the Stripe Dashboard say, may have taken it). Then it is sent to Stripe. Approval and its
 * audit entry commit together.
 */
export async function approveRefund(
  ports: SendRefundPorts & { staff: Pick<StaffRepository, 'creators'> },
  { refundId, actor }: { refundId: string; actor: Actor },
): Promise<Result<StoredRefund, ApproveRefusal>> {
  // Who asked never changes, and whose account made whose never does: checked before the refund is locked.
  const requester = (await ports.refunds.find(refundId))?.requestedBy?.id;
  if (requester && requester !== actor.id && (await sameHands(ports.staff, requester, actor.id))) {
    return err({ kind: 'created_by_requester' });
  }
  const decided = await decideAwaiting(ports, refundId, async (tx, refund, payment) => {
    if (refund.requestedBy?.id === actor.id) return { kind: 'own_request' };
    const others = (await tx.refundsOfPayment(payment.id)).filter((other) => other.id !== refund.id);
    if (payment.status !== 'succeeded' || refundableAmount(payment.amountReceived, others) < refund.amount) {
      return { kind: 'no_longer_refundable' };
    }
    await tx.updateRefund(refund.id, { status: 'pending', approvedById: actor.id, approvedAt: ports.clock.now() });
    await tx.appendAudit(auditBy(actor, { action: 'refund.approved', targetType: 'refund', targetId: refund.id }));
    return null;
  });
  if (!decided.ok) return decided;
  return sentRefund(await sendRefund(ports, decided.value, actor));
}

/** An admin rejects a refund awaiting approval: its amount is free again. Audited with the note. */
export function rejectRefund(
  ports: { paymentTransactions: SendRefundPorts['paymentTransactions']; clock: Clock },
  { refundId, actor, note }: { refundId: string; actor: Actor; note?: string },
): Promise<Result<StoredRefund, DecisionRefusal>> {
  return decideAwaiting(ports, refundId, async (tx, refund) => {
    await tx.updateRefund(refund.id, {
      status: 'rejected',
      rejectedById: actor.id,
      rejectedAt: ports.clock.now(),
      rejectionNote: note ?? null,
    });
    await tx.appendAudit(
      auditBy(actor, {
        action: 'refund.rejected',
        targetType: 'refund',
        targetId: refund.id,
        details: { note: note ?? null },
      }),
    );
    return null;
  });
}

/**
 * Sends again a pending refund Stripe could not be reached for (the same Stripe idempotency key, so never twice).
 */
export async function resendRefund(
  ports: SendRefundPorts,
  { refundId, actor }: { refundId: string; actor: Actor },
): Promise<Result<StoredRefund, NotFound | RefusalOf<'not_sendable' | 'refund_refused' | 'refund_unsent'>>> {
  const refund = await ports.refunds.find(refundId);
  if (!refund) return err(notFound('refund'));
  if (refund.status !== 'pending' || refund.stripeRefundId) {
    return err({ kind: 'not_sendable', status: refund.status, sent: refund.stripeRefundId !== null });
  }
  return sentRefund(await sendRefund(ports, refund, actor));
}
