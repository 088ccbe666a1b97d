import type { Actor, AuthorizationRepository, PaymentTransactions, StoredAuthorizationAction } from '@storepay/db';
import {
  AUTHORIZATION_CANCEL_REASONS,
  AUTHORIZATION_EXPIRING_REASON,
  AUTHORIZATION_SWEEP_LEAD_MS,
  captureAmount,
  err,
  ok,
  type AuthorizationActionKind,
  type AuthorizationCancelReason,
  type AuthorizationExpiryAction,
  type OrderStatus,
  type PaymentErrorKind,
  type Result,
} from '@storepay/payments-core';
import type { PaymentGateway } from '@storepay/payments-core/server';
import { mirrorPaymentIntentIn } from './mirror-payment-intent';
import { auditBy, type Clock } from './ports';
import { notFound, type NotFound, type RefusalOf } from './refusals';

export interface DecideAuthorizationPorts {
  paymentTransactions: PaymentTransactions;
  gateway: Pick<PaymentGateway, 'capturePaymentIntent' | 'cancelPaymentIntent' | 'retrievePaymentIntent'>;
}

export interface AuthorizationDecisionInput {
  orderId: string;
  kind: AuthorizationActionKind;
  /** A capture's minor units (undefined: all that is authorised); ignored for a cancel, which releases it all. */
  amount?: number;
  /** Why a cancel, as Stripe records it. */
  cancelReason?: AuthorizationCancelReason;
  /** Staff's note, or `authorization_expiring` from the expiry sweep. */
  note?: string;
  /** The request's Idempotency-Key: one decision per key, whatever happens to the request. */
  idempotencyKey: string;
  /** Null: the expiry sweep. */
  actor: Actor | null;
}

export type RecordDecisionRefusal =
  | NotFound
  | RefusalOf<'not_capturable' | 'authorization_decided' | 'amount_exceeds_capturable' | 'idempotency_key_reused'>;
export type DecideAuthorizationRefusal =
  RecordDecisionRefusal | RefusalOf<'authorization_refused' | 'authorization_unsent'>;

export interface DecidedAuthorization {
  action: StoredAuthorizationAction;
  orderStatus: OrderStatus;
  /** False when the key named a decision made before (a retried request). */
  created: boolean;
}

/** Stripe refused for good: sending the same again would get the same answer. */
const DEFINITIVE_FAILURES: readonly PaymentErrorKind[] = ['invalid_request', 'not_found', 'card_declined'];

/** The idempotency key Stripe gets for a decision: one per decision, however often it is sent. */
export const authorizationIdempotencyKey = (actionId: string) => `storepay-authorization-${actionId}`;

const ACTION_AUDIT: Record<AuthorizationActionKind, { requested: string; done: string; failed: string }> = {
  capture: { requested: 'payment.capture_requested', done: 'payment.captured', failed: 'payment.capture_failed' },
  cancel: {
    requested: 'payment.release_requested',
    done: 'payment.authorization_released',
    failed: 'payment.release_failed',
  },
};

/**
 * Records a decision on an order's authorisation in one transaction that locks its payment: the key is looked up
 * under the lock (concurrent copies of one request make one decision), and while another decision is pending or
 * done none can be made, so of a concurrent capture and cancel exactly one is recorded and sent. A capture takes at
 * most what is authorised. Audited with the decision.
 */
async function recordDecision(
  ports: Pick<DecideAuthorizationPorts, 'paymentTransactions'>,
  input: AuthorizationDecisionInput,
): Promise<Result<{ action: StoredAuthorizationAction; created: boolean }, RecordDecisionRefusal>> {
  return ports.paymentTransactions.run(async (tx) => {
    const payment = await tx.lockPaymentOfOrder(input.orderId);
    const existing = await tx.findAuthorizationActionByKey(input.idempotencyKey);
    if (existing) {
      const same =
        existing.orderId === input.orderId.toLowerCase() &&
        existing.kind === input.kind &&
        (input.kind === 'cancel' || input.amount === undefined || input.amount === existing.amount);
      return same
        ? ok({ action: existing, created: false })
        : err({ kind: 'idempotency_key_reused', scope: 'authorization' });
    }
    if (!payment) {
      return (await tx.orderExists(input.orderId))
        ? err({ kind: 'not_capturable', reason: 'this order has no payment' })
        : err(notFound('payment'));
    }
    const open = await tx.openAuthorizationAction(payment.id);
    if (open) return err({ kind: 'authorization_decided', action: open.kind, status: open.status });
    if (payment.status !== 'requires_capture') {
      return err({ kind: 'not_capturable', reason: `the payment is ${payment.status}, not an open authorisation` });
    }
    let amount = payment.amountCapturable;
    if (input.kind === 'capture') {
      const decided = captureAmount(payment.amountCapturable, input.amount);
      if (!decided.ok) {
        return decided.problem.kind === 'amount_exceeds_capturable'
          ? err({
              kind: 'amount_exceeds_capturable',
              capturable: decided.problem.capturable,
              currency: payment.currency,
            })
          : err({ kind: 'not_capturable', reason: 'nothing is authorised' });
      }
      amount = decided.amount;
    }
    const reason = input.kind === 'cancel' ? (input.cancelReason ?? 'requested_by_customer') : null;
    const note = input.note ?? null;
    const action = await tx.createAuthorizationAction({
      paymentId: payment.id,
      kind: input.kind,
      amount,
      reason,
      note,
      idempotencyKey: input.idempotencyKey,
      requestedById: input.actor?.id ?? null,
    });
    await tx.appendAudit(
      auditBy(input.actor, {
        action: ACTION_AUDIT[input.kind].requested,
        targetType: 'order',
        targetId: payment.orderId,
        details: {
          actionId: action.id,
          amount,
          currency: payment.currency,
          authorized: payment.amountCapturable,
          reason,
          note,
        },
      }),
    );
    return ok({ action, created: true });
  });
}

type SendResult = Result<{ action: StoredAuthorizationAction; orderStatus: OrderStatus }, DecideAuthorizationRefusal>;

/**
 * Sends a pending decision to Stripe with its own idempotency key (a retry, or the sweep, sends the same request,
 * so Stripe captures or releases once), and applies the answer in one transaction: the decision succeeded, the
 * PaymentIntent mirrored onto the payment and the order (paid after a capture, canceled after a release), audited.
 * A definitive refusal fails the decision (another may be made) and mirrors what Stripe has now, so the order is
 * true (e.g. Stripe had released the authorisation itself when it lapsed); an unreachable Stripe leaves it pending.
 */
export async function sendAuthorizationAction(
  ports: DecideAuthorizationPorts,
  action: StoredAuthorizationAction,
  actor: Actor | null,
): Promise<SendResult> {
  const cancelReason = (
    (AUTHORIZATION_CANCEL_REASONS as readonly string[]).includes(action.reason ?? '')
      ? action.reason
      : 'requested_by_customer'
  ) as AuthorizationCancelReason;
  const idempotencyKey = authorizationIdempotencyKey(action.id);
  const answer =
    action.kind === 'capture'
      ? await ports.gateway.capturePaymentIntent({
          paymentIntentId: action.paymentIntentId,
          amountToCapture: action.amount,
          idempotencyKey,
        })
      : await ports.gateway.cancelPaymentIntent({
          paymentIntentId: action.paymentIntentId,
          reason: cancelReason,
          idempotencyKey,
        });
  const audit = ACTION_AUDIT[action.kind];
  if (answer.ok) {
    const intent = answer.value;
    const orderStatus = await ports.paymentTransactions.run(async (tx) => {
      await tx.lockPaymentOfOrder(action.orderId);
      await tx.settleAuthorizationAction(action.id, { status: 'succeeded' });
      const mirrored = await mirrorPaymentIntentIn(tx, action.orderId, intent, 'authorization');
      await tx.appendAudit(
        auditBy(actor, {
          action: audit.done,
          targetType: 'order',
          targetId: action.orderId,
          details: {
            actionId: action.id,
            amount: action.amount,
            currency: action.currency,
            paymentIntentStatus: intent.status,
            amountReceived: intent.amountReceived,
          },
        }),
      );
      return mirrored?.orderStatus ?? 'canceled';
    });
    return ok({ action: { ...action, status: 'succeeded' }, orderStatus });
  }
  const error = answer.error;
  if (!DEFINITIVE_FAILURES.includes(error.kind)) return err({ kind: 'authorization_unsent', error });
  const failureReason = `stripe_${('code' in error && error.code) || error.kind}`;
  const now = await ports.gateway.retrievePaymentIntent(action.paymentIntentId);
  await ports.paymentTransactions.run(async (tx) => {
    await tx.lockPaymentOfOrder(action.orderId);
    await tx.settleAuthorizationAction(action.id, { status: 'failed', failureReason });
    if (now.ok) await mirrorPaymentIntentIn(tx, action.orderId, now.value, 'authorization');
    await tx.appendAudit(
      auditBy(actor, {
        action: audit.failed,
        targetType: 'order',
        targetId: action.orderId,
        details: { actionId: action.id, failureReason },
      }),
    );
  });
  return err({ kind: 'authorization_refused', error });
}

/**
 * Staff (or the expiry sweep) capture all or part of an order's authorisation, or release it: recorded under the
 * payment's lock and audited before Stripe is asked, then sent. A copy of a request (same key) answers the same
 * decision, sending it again when Stripe had not answered.
 */
export async function decideAuthorization(
  ports: DecideAuthorizationPorts,
  input: AuthorizationDecisionInput,
): Promise<Result<DecidedAuthorization, DecideAuthorizationRefusal>> {
  const recorded = await recordDecision(ports, input);
  if (!recorded.ok) return recorded;
  const { action, created } = recorded.value;
  if (action.status === 'failed') return err({ kind: 'authorization_decided', action: action.kind, status: 'failed' });
  if (action.status === 'succeeded') {
    // Done before: never sent again (after 24 hours Stripe no longer knows the key, and would refuse it).
    const order = await ports.paymentTransactions.run((tx) => tx.lockOrder(action.orderId));
    return ok({ action, orderStatus: order?.status ?? 'canceled', created });
  }
  const sent = await sendAuthorizationAction(ports, action, input.actor);
  return sent.ok ? ok({ ...sent.value, created }) : sent;
}

export interface SweepAuthorizationsPorts extends DecideAuthorizationPorts {
  authorizations: Pick<AuthorizationRepository, 'listDueForSweep' | 'listStalePending'>;
  clock: Clock;
  /** AUTHORIZATION_EXPIRY_ACTION: what to do with an authorisation about to lapse. */
  expiryAction: AuthorizationExpiryAction;
}

export interface AuthorizationSweep {
  /** Authorisations about to lapse that were captured or released now. */
  decided: number;
  /** Pending decisions sent again (Stripe had not answered them). */
  resent: number;
  /** Decisions Stripe refused or could not be reached for (tried again next round when still due). */
  failed: number;
}

/** The sweep's key for an order's authorisation: one decision per order, whichever sweep makes it. */
export const expiryDecisionKey = (orderId: string) => `authorization-expiry-${orderId}`;

/**
 * One round of the authorisation sweep (on the reconciler's schedule): decisions Stripe had not answered for a
 * minute are sent again (same key, so Stripe acts once), and each authorisation that lapses within the hour with no
 * decision is released (the order canceled, marked `authorization_expiring` in its history) or, when the shop
 * chose `capture`, captured in full, before Stripe lets it lapse and nothing can be captured any more.
 */
export async function sweepAuthorizations(
  ports: SweepAuthorizationsPorts,
  { limit = 50, resendAfterMs = 60_000 }: { limit?: number; resendAfterMs?: number } = {},
): Promise<AuthorizationSweep> {
  const now = ports.clock.now().getTime();
  const round: AuthorizationSweep = { decided: 0, resent: 0, failed: 0 };
  for (const stale of await ports.authorizations.listStalePending(new Date(now - resendAfterMs), limit)) {
    const action = await ports.paymentTransactions.run(async (tx) => {
      await tx.lockPaymentOfOrder(stale.orderId);
      return tx.findAuthorizationActionByKey(stale.idempotencyKey);
    });
    if (action?.status !== 'pending') continue;
    const sent = await sendAuthorizationAction(ports, action, null);
    if (sent.ok) round.resent++;
    else round.failed++;
  }
  for (const orderId of await ports.authorizations.listDueForSweep(
    new Date(now + AUTHORIZATION_SWEEP_LEAD_MS),
    limit,
  )) {
    const decided = await decideAuthorization(ports, {
      orderId,
      kind: ports.expiryAction,
      cancelReason: 'abandoned',
      note: AUTHORIZATION_EXPIRING_REASON,
      idempotencyKey: expiryDecisionKey(orderId),
      actor: null,
    });
    if (decided.ok) round.decided++;
    else round.failed++;
  }
  return round;
}
