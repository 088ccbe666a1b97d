import { earlyFraudWarningListSchema, reviewDecisionResponseSchema, reviewListSchema } from '@storepay/payments-core';
import { queryOptions } from '@tanstack/react-query';
import { getJson, queryString, sendJson } from '../api/api-client';

/** Which reviews the queue shows: the open ones (the work), or all of them, newest decisions included. */
export type ReviewFilter = 'open' | 'all';

/** Radar reviews: lists under `['reviews', 'list']`, so a decision refreshes every view of the queue at once. */
export const reviewQueries = {
  all: () => ['reviews'] as const,
  lists: () => [...reviewQueries.all(), 'list'] as const,
  list: (status: ReviewFilter) =>
    queryOptions({
      queryKey: [...reviewQueries.lists(), status] as const,
      queryFn: ({ signal }) => getJson(`/api/admin/reviews${queryString({ status })}`, reviewListSchema, { signal }),
    }),
};

/** Early fraud warnings: the actionable ones (not disputed, not fully refunded), which a full refund may defuse. */
export const fraudWarningQueries = {
  all: () => ['early-fraud-warnings'] as const,
  actionable: () =>
    queryOptions({
      queryKey: [...fraudWarningQueries.all(), 'actionable'] as const,
      queryFn: ({ signal }) =>
        getJson('/api/admin/early-fraud-warnings?actionable=true', earlyFraudWarningListSchema, { signal }),
    }),
};

/**
 * POST /api/admin/reviews/:id/approve|refuse with an optional note. Approving lets the payment stand (the order is
 * fulfilled); refusing refunds it in full as fraudulent (or releases an uncaptured authorisation). 409
 * `review_decided` / `review_closed` when someone or Stripe decided first.
 */
export function decideReview(reviewId: string, decision: 'approve' | 'refuse', note: string) {
  return sendJson(
    'POST',
    `/api/admin/reviews/${encodeURIComponent(reviewId)}/${decision}`,
    note ? { note } : {},
    reviewDecisionResponseSchema,
  );
}
