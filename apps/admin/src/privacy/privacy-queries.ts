import {
  erasureResultSchema,
  personalDataExportSchema,
  type ErasureRequest,
  type PersonalDataExport,
} from '@storepay/payments-core';
import { sendJson } from '../api/api-client';

/**
 * POST /api/admin/privacy/export: everything stored about the person of `email` (a guest or an account), the same
 * JSON as the shop's "Download my data". The email goes in the body, never the URL; the API audits it without it.
 */
export function exportPersonalData(email: string) {
  return sendJson('POST', '/api/admin/privacy/export', { email }, personalDataExportSchema);
}

/**
 * POST /api/admin/privacy/erasure: erases the person of `email`, confirmed by the same email typed again. 503 when
 * Stripe could not delete their Stripe Customer: then nothing changed, and the same request can be made again.
 */
export function erasePersonalData(request: ErasureRequest) {
  return sendJson('POST', '/api/admin/privacy/erasure', request, erasureResultSchema);
}

/** The export as a JSON file to download, named by its date (never by the person's email). */
export function exportFile(data: PersonalDataExport): { blob: Blob; filename: string } {
  return {
    blob: new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }),
    filename: `personal-data-${data.exportedAt.slice(0, 10)}.json`,
  };
}
