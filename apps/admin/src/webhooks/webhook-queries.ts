import {
  reconciliationRunListSchema,
  reconciliationRunSchema,
  replayResultSchema,
  webhookEventPageSchema,
  webhookHealthSchema,
  type HealthWindow,
  type WebhookEventStatus,
} from '@storepay/payments-core';
import { queryOptions } from '@tanstack/react-query';
import { getJson, queryString, sendJson } from '../api/api-client';

export interface WebhookEventFilters {
  status?: WebhookEventStatus;
  type?: string;
  cursor?: string;
}

/** Query options for the webhook inbox: health per window, event lists, reconciliation runs. */
export const webhookQueries = {
  all: () => ['webhooks'] as const,
  health: (window: HealthWindow) =>
    queryOptions({
      queryKey: [...webhookQueries.all(), 'health', window] as const,
      queryFn: ({ signal }) =>
        getJson(`/api/admin/webhooks/health${queryString({ window })}`, webhookHealthSchema, { signal }),
      refetchInterval: 30_000,
    }),
  events: (filters: WebhookEventFilters) =>
    queryOptions({
      queryKey: [...webhookQueries.all(), 'events', filters] as const,
      queryFn: ({ signal }) =>
        getJson(`/api/admin/webhooks/events${queryString({ ...filters })}`, webhookEventPageSchema, { signal }),
    }),
  runs: () =>
    queryOptions({
      queryKey: [...webhookQueries.all(), 'reconciliations'] as const,
      queryFn: ({ signal }) => getJson('/api/admin/reconciliations', reconciliationRunListSchema, { signal }),
    }),
};

export function replayEvent(id: string) {
  return sendJson('POST', `/api/admin/webhooks/events/${encodeURIComponent(id)}/replay`, undefined, replayResultSchema);
}

export function replayEvents(ids: string[]) {
  return sendJson('POST', '/api/admin/webhooks/events/replay', { ids }, replayResultSchema);
}

export function runReconciliation() {
  return sendJson('POST', '/api/admin/reconciliations', undefined, reconciliationRunSchema);
}
