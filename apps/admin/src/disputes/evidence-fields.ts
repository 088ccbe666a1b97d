import {
  DISPUTE_EVIDENCE_FILE_FIELDS,
  DISPUTE_EVIDENCE_TEXT_FIELDS,
  type DisputeEvidence,
  type DisputeEvidenceField,
} from '@storepay/payments-core';
import { humanize } from '../app/format';

export type TextField = (typeof DISPUTE_EVIDENCE_TEXT_FIELDS)[number];
export type FileField = (typeof DISPUTE_EVIDENCE_FILE_FIELDS)[number];

/** The text fields short enough for one line; every other one gets a textarea. */
const SHORT_FIELDS: readonly TextField[] = [
  'customer_name',
  'customer_email_address',
  'shipping_date',
  'shipping_carrier',
  'shipping_tracking_number',
  'service_date',
];

export const isLongField = (field: TextField) => !SHORT_FIELDS.includes(field);

/** A field's label: Stripe's name in words ("refund_policy_disclosure" → "Refund policy disclosure"). */
export const evidenceLabel = (field: DisputeEvidenceField) => humanize(field);

/** What the files route takes (checked here first, so a wrong file is never sent). */
export const EVIDENCE_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const MAX_EVIDENCE_FILE_BYTES = 5 * 1024 * 1024;

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Why a chosen file cannot be evidence, or null when it can. */
export function evidenceFileProblem(file: File): string | null {
  if (!(EVIDENCE_FILE_TYPES as readonly string[]).includes(file.type)) {
    return `${file.name} is not a PDF, JPEG or PNG${file.type ? ` (it is ${file.type})` : ''}: choose one of those.`;
  }
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > MAX_EVIDENCE_FILE_BYTES) {
    return `${file.name} is ${megabytes(file.size)}: a document can be at most 5 MB.`;
  }
  return null;
}

/** The text fields that differ from the saved draft, as the PUT sends them ('' clears a field). */
export function changedEvidence(
  saved: Record<string, string>,
  values: Partial<Record<DisputeEvidenceField, string>>,
): DisputeEvidence {
  const changes: DisputeEvidence = {};
  for (const field of [...DISPUTE_EVIDENCE_TEXT_FIELDS, ...DISPUTE_EVIDENCE_FILE_FIELDS]) {
    const value = values[field];
    if (value !== undefined && value !== (saved[field] ?? '')) changes[field] = value;
  }
  return changes;
}
