import type { Actor, ReviewRepository, StoredReview } from '@storepay/db';
import {
  applyReviewChange,
  err,
  ok,
  type PaymentError,
  type Result,
  type ReviewList,
  type StaffRole,
} from '@storepay/payments-core';
import type { PaymentGateway } from '@storepay/payments-core/server';
import type { DecideAuthorizationRefusal, DecidedAuthorization } from './decide-authorization';
import { auditBy } from './ports';
import { notFound, type NotFound, type RefusalOf } from './refusals';
import {
  refundOrRelease,
  type RecordedRefund,
  type RefundOrReleasePorts,
  type RequestRefundRefusal,
} from './request-refund';
import { maskEmail, masksEmails, reviewView } from './views';

export interface WorkReviewsPorts extends RefundOrReleasePorts {
  gateway: RefundOrReleasePorts['gateway'] & Pick<PaymentGateway, 'approveReview'>;
  reviews: Pick<ReviewRepository, 'find'>;
}

export type ReviewRefusal =
  NotFound | RefusalOf<'review_closed' | 'review_decided' | 'review_refused' | 'review_unsent'>;

export interface ReviewDecision {
  review: StoredReview;
  /** A refusal: the refund it asked for, or the authorisation it released. */
  refund: RecordedRefund['refund'] | null;
  released: DecidedAuthorization | null;
}

/** Takes the right to decide a review, under the payment's and the review's locks: one decision per review. */
async function claimReview(
  ports: Pick<WorkReviewsPorts, 'paymentTransactions'>,
  reviewId: string,
  decision: 'approved' | 'refused',
  actor: Actor,
): Promise<Result<StoredReview, ReviewRefusal>> {
  return ports.paymentTransactions.run(async (tx) => {
    const review = await tx.lockReview(reviewId);
    if (!review) return err(notFound('review'));
    if (review.decision) return err({ kind: 'review_decided', decision: review.decision });
    if (!review.open) return err({ kind: 'review_closed', closedReason: review.closedReason ?? review.reason });
    await tx.decideReview(review.id, { decision, staffId: actor.id });
    return ok(review);
  });
}

/** Gives a claimed decision back (Stripe did not take it): another may be made. */
async function releaseClaim(ports: Pick<WorkReviewsPorts, 'paymentTransactions'>, review: StoredReview) {
  await ports.paymentTransactions.run(async (tx) => {
    await tx.lockReview(review.id);
    await tx.decideReview(review.id, null);
  });
}

const stripeFailure = (error: PaymentError): ReviewRefusal =>
  error.kind === 'invalid_request' || error.kind === 'not_found'
    ? { kind: 'review_refused', error }
    : { kind: 'review_unsent', error };

/**
 * Approves a Radar review from the queue: the payment stands and the order's held fulfilment is released. The
 * decision is claimed under the review's lock (so one of two staff deciding at once wins), audited, and sent to
 * Stripe with a key per review; Stripe's answer is applied through the webhook rules. When Stripe does not take
 * it, the claim is given back.
 */
export async function approveReview(
  ports: WorkReviewsPorts,
  { reviewId, note, actor }: { reviewId: string; note?: string; actor: Actor },
): Promise<Result<ReviewDecision, ReviewRefusal>> {
  const claimed = await claimReview(ports, reviewId, 'approved', actor);
  if (!claimed.ok) return claimed;
  const review = claimed.value;
  const approved = await ports.gateway.approveReview({
    reviewId: review.stripeReviewId,
    idempotencyKey: `storepay-review-approve-${review.id}`,
  });
  if (!approved.ok) {
    await releaseClaim(ports, review);
    return err(stripeFailure(approved.error));
  }
  await ports.paymentTransactions.run(async (tx) => {
    await applyReviewChange(approved.value, tx);
    await tx.appendAudit(
      auditBy(actor, {
        action: 'review.approved',
        targetType: 'order',
        targetId: review.orderId,
        details: { reviewId: review.id, stripeReviewId: review.stripeReviewId, note: note ?? null },
      }),
    );
  });
  return ok({ review: (await ports.reviews.find(review.id)) ?? review, refund: null, released: null });
}

/**
 * Refuses a Radar review: the payment is refunded in full as fraudulent (Stripe then closes the review as
 * `refunded_as_fraud`), or, not captured yet, its authorisation released; the order is not fulfilled. The refund
 * follows the refund rules (a second admin approves one above the threshold). Claimed and audited like an approval.
 */
export async function refuseReview(
  ports: WorkReviewsPorts,
  { reviewId, note, actor }: { reviewId: string; note?: string; actor: Actor },
): Promise<Result<ReviewDecision, ReviewRefusal | RequestRefundRefusal | DecideAuthorizationRefusal>> {
  const claimed = await claimReview(ports, reviewId, 'refused', actor);
  if (!claimed.ok) return claimed;
  const review = claimed.value;
  const refunded = await refundOrRelease(ports, {
    orderId: review.orderId,
    idempotencyKey: `storepay-review-refuse-${review.id}`,
    reason: 'fraudulent',
    note: note ?? 'Refused in Radar review',
    actor,
  });
  if (!refunded.ok) {
    // Recorded but unsent: the decision stands (the same request again sends it). Refused: it is given back.
    const unsent = refunded.error.kind === 'refund_unsent' || refunded.error.kind === 'authorization_unsent';
    if (!unsent) await releaseClaim(ports, review);
    return refunded;
  }
  const outcome = refunded.value;
  await ports.paymentTransactions.run((tx) =>
    tx.appendAudit(
      auditBy(actor, {
        action: 'review.refused',
        targetType: 'order',
        targetId: review.orderId,
        details: {
          reviewId: review.id,
          stripeReviewId: review.stripeReviewId,
          note: note ?? null,
          ...('released' in outcome
            ? { releasedAuthorization: outcome.released.action.id }
            : { refundId: outcome.refund.id }),
        },
      }),
    ),
  );
  return ok({
    review: (await ports.reviews.find(review.id)) ?? review,
    refund: 'refund' in outcome ? outcome.refund : null,
    released: 'released' in outcome ? outcome.released : null,
  });
}

/** The review queue: open reviews oldest first (or every review, newest first). Viewers see emails masked. */
export async function listReviews(
  ports: { reviews: Pick<ReviewRepository, 'list'> },
  query: { open: boolean | undefined; limit: number },
  role: StaffRole = 'admin',
): Promise<ReviewList> {
  const rows = await ports.reviews.list(query);
  return {
    reviews: rows.map((row) => {
      const view = reviewView(row);
      return masksEmails(role) ? { ...view, email: maskEmail(view.email) } : view;
    }),
  };
}
