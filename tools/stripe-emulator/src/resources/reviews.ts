import type Stripe from 'stripe';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { RequestContext, StoredObject } from '../state';
import { update } from '../state';
import { stripeErrors } from '../wire/errors';
import { newId } from '../wire/ids';
import { matchesCreated, paginate } from '../wire/list';
import { allowOnly } from '../wire/params';
import { defineRoute } from '../wire/router';
import type { ChargeObject } from './charge-store';

export type ReviewObject = Stripe.Review & StoredObject;

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === 'string' ? value : value?.id);

export function getReview(emulator: Emulator, id: string, param = 'review'): ReviewObject {
  const review = emulator.store.get<ReviewObject>(id, 'review');
  if (!review) throw stripeErrors.missing('review', id, param);
  return review;
}

/**
 * Radar's default review rule places an elevated-risk charge in manual review: opens its Review, points the
 * charge's `review` at it and emits `review.opened`. Called before the charge's own events, so that a webhook
 * consumer knows of the review when it learns that the payment succeeded.
 */
export function openReview(emulator: Emulator, ctx: RequestContext | null, charge: ChargeObject): ReviewObject {
  const paymentIntent = idOf(charge.payment_intent);
  const review: Stripe.Review = {
    id: newId('prv'),
    object: 'review',
    billing_zip: charge.billing_details.address?.postal_code ?? null,
    charge: charge.id,
    closed_reason: null,
    created: emulator.clock.now(),
    ip_address: null,
    ip_address_location: null,
    livemode: false,
    open: true,
    opened_reason: 'rule',
    ...(paymentIntent ? { payment_intent: paymentIntent } : {}),
    reason: 'rule',
    session: null,
  };
  const stored = emulator.store.insert(review as ReviewObject);
  charge.review = stored.id;
  emulator.events.emit(ctx, 'review.opened', stored);
  return stored;
}

/** Closes a review (`reason` then says why, as on Stripe) and emits `review.closed`. */
function closeReview(
  emulator: Emulator,
  ctx: RequestContext | null,
  review: ReviewObject,
  reason: Stripe.Review.ClosedReason,
): void {
  update(review, { open: false, closed_reason: reason, reason });
  emulator.events.emit(ctx, 'review.closed', review);
}

/**
 * Closes the open review of `charge`, if it has one: Stripe does so when the charge is refunded in full
 * (`refunded`, or `refunded_as_fraud`), disputed (`disputed`) or its authorization released (`canceled`).
 */
export function closeReviewOf(
  emulator: Emulator,
  ctx: RequestContext | null,
  charge: ChargeObject,
  reason: Stripe.Review.ClosedReason,
): void {
  const id = idOf(charge.review);
  const review = id ? emulator.store.get<ReviewObject>(id, 'review') : undefined;
  if (review?.open) closeReview(emulator, ctx, review, reason);
}

/** Reviews: opened by Radar (the elevated-risk test card); retrieve, list the open ones, approve. */
export function registerReviews(app: FastifyInstance, emulator: Emulator): void {
  defineRoute(app, emulator, 'GET', '/v1/reviews/:id', ({ path }) => getReview(emulator, path.id!, 'id'));

  defineRoute(app, emulator, 'POST', '/v1/reviews/:id/approve', ({ params, path, ctx }) => {
    allowOnly(params, []);
    const review = getReview(emulator, path.id!, 'id');
    if (!review.open) {
      throw stripeErrors.invalidRequest(
        `This review is already closed (closed_reason: ${review.closed_reason}); only an open review can be approved.`,
      );
    }
    closeReview(emulator, ctx, review, 'approved');
    return review;
  });

  // As on Stripe, the list holds the reviews that are still open.
  defineRoute(app, emulator, 'GET', '/v1/reviews', ({ params, url }) => {
    allowOnly(params, ['limit', 'starting_after', 'ending_before', 'created']);
    const open = emulator.store
      .list<ReviewObject>('review')
      .filter((review) => review.open && matchesCreated(params, review.created));
    return paginate(open, params, url);
  });
}
