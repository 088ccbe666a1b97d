import { auditPageSchema } from '@storepay/payments-core';
import { infiniteQueryOptions } from '@tanstack/react-query';
import { getJson, queryString } from '../api/api-client';

export interface AuditFilters {
  action?: string;
  targetType?: string;
  targetId?: string;
}

/** The audit log, newest first, in keyset pages ("Load more" asks for the next cursor). */
export const auditQueries = {
  all: () => ['audit'] as const,
  list: (filters: AuditFilters) =>
    infiniteQueryOptions({
      queryKey: [...auditQueries.all(), 'list', filters] as const,
      queryFn: ({ pageParam, signal }) =>
        getJson(`/api/admin/audit${queryString({ ...filters, cursor: pageParam })}`, auditPageSchema, { signal }),
      initialPageParam: null as string | null,
      getNextPageParam: (page) => page.nextCursor,
    }),
};
