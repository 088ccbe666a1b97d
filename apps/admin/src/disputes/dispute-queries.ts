import {
  disputeFileResponseSchema,
  disputeListSchema,
  disputeViewSchema,
  type DisputeEvidence,
  type DisputeEvidenceField,
} from '@storepay/payments-core';
import { queryOptions } from '@tanstack/react-query';
import { getJson, queryString, sendFile, sendJson } from '../api/api-client';

/** Disputes: the list under `['disputes', 'list']`, each dispute under `['disputes', 'detail', id]`. */
export const disputeQueries = {
  all: () => ['disputes'] as const,
  /** By evidence deadline (the API's order), with the totals at risk, won and lost per currency. */
  list: () =>
    queryOptions({
      queryKey: [...disputeQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => getJson('/api/admin/disputes', disputeListSchema, { signal }),
    }),
  details: () => [...disputeQueries.all(), 'detail'] as const,
  detail: (id: string) =>
    queryOptions({
      queryKey: [...disputeQueries.details(), id] as const,
      queryFn: ({ signal }) => getJson(`/api/admin/disputes/${encodeURIComponent(id)}`, disputeViewSchema, { signal }),
    }),
};

/** PUT /api/admin/disputes/:id/evidence: saves these fields of the draft (the others stay; '' clears one). */
export function saveEvidence(disputeId: string, evidence: DisputeEvidence) {
  return sendJson(
    'PUT',
    `/api/admin/disputes/${encodeURIComponent(disputeId)}/evidence`,
    { evidence },
    disputeViewSchema,
  );
}

/**
 * POST /api/admin/disputes/:id/files?field=&name= with the file's own bytes as the body and its type as
 * Content-Type (PDF, JPEG or PNG, at most 5 MB): uploaded to Stripe, and its id saved in the draft's field.
 */
export function uploadEvidenceFile(disputeId: string, field: DisputeEvidenceField, file: File) {
  return sendFile(
    `/api/admin/disputes/${encodeURIComponent(disputeId)}/files${queryString({ field, name: file.name })}`,
    file,
    disputeFileResponseSchema,
  );
}

/** POST /api/admin/disputes/:id/submit: sends the saved draft to Stripe (once: the evidence is final then). */
export function submitEvidence(disputeId: string) {
  return sendJson('POST', `/api/admin/disputes/${encodeURIComponent(disputeId)}/submit`, undefined, disputeViewSchema);
}
