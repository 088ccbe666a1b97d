import { adminCustomerDetailSchema, adminCustomerListSchema } from '@storepay/payments-core';
import { queryOptions } from '@tanstack/react-query';
import { getJson, queryString } from '../api/api-client';

/** How many accounts one search shows (the API allows up to 100). */
export const CUSTOMER_SEARCH_LIMIT = 50;

/**
 * Shoppers' accounts. Searches nest under `['customers', 'list']`, one account under `['customers', 'detail']`, so an
 * erasure can invalidate them all at once.
 */
export const customerQueries = {
  all: () => ['customers'] as const,
  /** Accounts matching `q` (part of an email for admins; a whole email or an id for the masked roles), or the newest. */
  list: (q: string) =>
    queryOptions({
      queryKey: [...customerQueries.all(), 'list', q] as const,
      queryFn: ({ signal }) =>
        getJson(
          `/api/admin/customers${queryString({ q, limit: String(CUSTOMER_SEARCH_LIMIT) })}`,
          adminCustomerListSchema,
          { signal },
        ),
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: [...customerQueries.all(), 'detail', id] as const,
      queryFn: ({ signal }) =>
        getJson(`/api/admin/customers/${encodeURIComponent(id)}`, adminCustomerDetailSchema, { signal }),
    }),
};
