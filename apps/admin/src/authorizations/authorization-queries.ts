import {
  authorizationResponseSchema,
  openAuthorizationListSchema,
  type CancelAuthorizationRequest,
  type CaptureRequest,
} from '@storepay/payments-core';
import { queryOptions } from '@tanstack/react-query';
import { getJson, queryString, sendJson } from '../api/api-client';

/** How many open authorisations the list shows (the API allows up to 200; it has no further pages). */
export const AUTHORIZATION_LIST_LIMIT = 100;

/**
 * Open authorisations (manual capture). Lists nest under `['authorizations', 'list']`, so a capture or a release can
 * invalidate every filter at once.
 */
export const authorizationQueries = {
  all: () => ['authorizations'] as const,
  lists: () => [...authorizationQueries.all(), 'list'] as const,
  /** The soonest to lapse first; `expiring`: only those lapsing within 24 hours. */
  list: ({ expiring }: { expiring: boolean }) =>
    queryOptions({
      queryKey: [...authorizationQueries.lists(), { expiring }] as const,
      queryFn: ({ signal }) =>
        getJson(
          `/api/admin/authorizations${queryString({
            expiring: expiring ? 'true' : undefined,
            limit: String(AUTHORIZATION_LIST_LIMIT),
          })}`,
          openAuthorizationListSchema,
          { signal },
        ),
    }),
};

/** POST /api/admin/payments/:orderId/capture with its Idempotency-Key (one per capture request). */
export function captureAuthorization(orderId: string, body: CaptureRequest, idempotencyKey: string) {
  return sendJson(
    'POST',
    `/api/admin/payments/${encodeURIComponent(orderId)}/capture`,
    body,
    authorizationResponseSchema,
    { idempotencyKey },
  );
}

/** POST /api/admin/payments/:orderId/cancel with its Idempotency-Key: releases the whole authorisation. */
export function releaseAuthorization(orderId: string, body: CancelAuthorizationRequest, idempotencyKey: string) {
  return sendJson(
    'POST',
    `/api/admin/payments/${encodeURIComponent(orderId)}/cancel`,
    body,
    authorizationResponseSchema,
    { idempotencyKey },
  );
}
