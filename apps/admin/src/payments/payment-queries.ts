import {
  paymentDetailSchema,
  paymentPageSchema,
  refundListSchema,
  refundOrReleaseResponseSchema,
  replayedNotificationSchema,
  type AuthorizationResponse,
  type PaymentListFilters,
  type RefundRequest,
  type RefundResponse,
} from '@storepay/payments-core';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { getJson, sendJson } from '../api/api-client';
import { apiSearch } from './payment-filters';

export const PAYMENT_PAGE_SIZE = 50;

/** GET /api/admin/payments/export.csv for the same filters (no cursor or page size: the whole result). */
export function paymentsCsvUrl(filters: PaymentListFilters): string {
  return `/api/admin/payments/export.csv${apiSearch(filters)}`;
}

/**
 * Query options for payments and refunds. Lists nest under `['payments', 'list']`, details under
 * `['payments', 'detail']`, so a refund can invalidate one payment and every list at once.
 */
export const paymentQueries = {
  all: () => ['payments'] as const,
  lists: () => [...paymentQueries.all(), 'list'] as const,
  /** Keyset pages of payments for API filters (minor units); "Load more" fetches the next cursor. */
  list: (filters: PaymentListFilters) =>
    infiniteQueryOptions({
      queryKey: [...paymentQueries.lists(), filters] as const,
      queryFn: ({ pageParam, signal }) =>
        getJson(
          `/api/admin/payments${apiSearch({ ...filters, cursor: pageParam ?? undefined, limit: String(PAYMENT_PAGE_SIZE) })}`,
          paymentPageSchema,
          { signal },
        ),
      initialPageParam: null as string | null,
      getNextPageParam: (page) => page.nextCursor,
    }),
  details: () => [...paymentQueries.all(), 'detail'] as const,
  detail: (orderId: string) =>
    queryOptions({
      queryKey: [...paymentQueries.details(), orderId] as const,
      queryFn: ({ signal }) =>
        getJson(`/api/admin/payments/${encodeURIComponent(orderId)}`, paymentDetailSchema, { signal }),
    }),
};

export const refundQueries = {
  all: () => ['refunds'] as const,
  awaitingApproval: () =>
    queryOptions({
      queryKey: [...refundQueries.all(), 'awaiting_approval'] as const,
      queryFn: ({ signal }) => getJson('/api/admin/refunds?status=awaiting_approval', refundListSchema, { signal }),
    }),
};

/**
 * What a refund request answers: the refund, or, for a payment authorised and not captured yet (nothing was taken),
 * the release of its whole authorisation.
 */
export type RefundOutcome = RefundResponse | AuthorizationResponse;

/** Whether a refund request released an uncaptured authorisation instead of refunding. */
export function isRelease(outcome: RefundOutcome): outcome is AuthorizationResponse {
  return 'action' in outcome;
}

/** POST /api/admin/payments/:orderId/refunds with its Idempotency-Key (one per refund request). */
export function requestRefund(orderId: string, body: RefundRequest, idempotencyKey: string): Promise<RefundOutcome> {
  return sendJson(
    'POST',
    `/api/admin/payments/${encodeURIComponent(orderId)}/refunds`,
    body,
    refundOrReleaseResponseSchema,
    { idempotencyKey },
  );
}

/** POST /api/admin/refunds/:id/approve|reject with refundDecisionSchema's body (the answer's body is not needed). */
export async function decideRefund(refundId: string, decision: 'approve' | 'reject', note?: string): Promise<void> {
  await sendJson('POST', `/api/admin/refunds/${encodeURIComponent(refundId)}/${decision}`, note ? { note } : {}, null);
}

/** Sends a failed or dead notification (email) again. */
export function replayNotification(id: string) {
  return sendJson(
    'POST',
    `/api/admin/notifications/${encodeURIComponent(id)}/replay`,
    undefined,
    replayedNotificationSchema,
  );
}
