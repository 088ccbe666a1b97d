import type {
  Actor,
  DisputeRepository,
  PaymentExplorerRepository,
  PaymentTransactions,
  StoredDispute,
} from '@storepay/db';
import {
  applyDisputeChange,
  DISPUTE_EVIDENCE_FILE_FIELDS,
  err,
  isClosedDisputeStatus,
  MAX_DISPUTE_EVIDENCE_CHARACTERS,
  ok,
  STRIPE_DISPUTE_STATUSES,
  type DisputeEvidence,
  type DisputeList,
  type PaymentErrorKind,
  type Result,
  type StripeDisputeStatus,
} from '@storepay/payments-core';
import type { PaymentGateway } from '@storepay/payments-core/server';
import { auditBy } from './ports';
import { notFound, type NotFound, type RefusalOf } from './refusals';
import { disputeView } from './views';

export interface DisputeEvidencePorts {
  paymentTransactions: PaymentTransactions;
  gateway: Pick<PaymentGateway, 'updateDisputeEvidence' | 'uploadDisputeFile'>;
  disputes: Pick<DisputeRepository, 'find'>;
}

export type EvidenceRefusal =
  | NotFound
  | RefusalOf<'dispute_closed' | 'evidence_submitted' | 'evidence_invalid' | 'evidence_refused' | 'evidence_unsent'>;

const isClosed = (status: string) =>
  (STRIPE_DISPUTE_STATUSES as readonly string[]).includes(status) &&
  isClosedDisputeStatus(status as StripeDisputeStatus);

/** Why evidence cannot be changed now, if it cannot. */
function frozen(dispute: StoredDispute): EvidenceRefusal | null {
  if (dispute.evidenceSubmittedAt) return { kind: 'evidence_submitted' };
  if (isClosed(dispute.status)) return { kind: 'dispute_closed', status: dispute.status };
  return null;
}

/** The draft after `changes` (an empty string clears a field), or why it is not acceptable. */
function mergeEvidence(
  draft: Record<string, string>,
  changes: DisputeEvidence,
): Result<Record<string, string>, RefusalOf<'evidence_invalid'>> {
  const next = { ...draft };
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === '') delete next[field];
    else next[field] = value;
  }
  const text = Object.entries(next)
    .filter(([field]) => !(DISPUTE_EVIDENCE_FILE_FIELDS as readonly string[]).includes(field))
    .reduce((sum, [, value]) => sum + value.length, 0);
  if (text > MAX_DISPUTE_EVIDENCE_CHARACTERS) {
    return err({
      kind: 'evidence_invalid',
      field: 'evidence',
      problem: `at most ${MAX_DISPUTE_EVIDENCE_CHARACTERS} characters in all (Stripe's limit), not ${text}`,
    });
  }
  return ok(next);
}

/**
 * Saves fields of a dispute's evidence draft (kept here, not sent to Stripe until submitted), under the dispute's
 * lock. Audited by field name only: the values may hold the shopper's name and addresses.
 */
export async function saveDisputeEvidence(
  ports: Pick<DisputeEvidencePorts, 'paymentTransactions'>,
  { disputeId, evidence, actor }: { disputeId: string; evidence: DisputeEvidence; actor: Actor },
): Promise<Result<StoredDispute, EvidenceRefusal>> {
  return ports.paymentTransactions.run(async (tx) => {
    const dispute = await tx.lockDispute(disputeId);
    if (!dispute) return err(notFound('dispute'));
    const refusal = frozen(dispute);
    if (refusal) return err(refusal);
    const merged = mergeEvidence(dispute.evidence, evidence);
    if (!merged.ok) return merged;
    await tx.saveEvidenceDraft(dispute.id, merged.value);
    await tx.appendAudit(
      auditBy(actor, {
        action: 'dispute.evidence_saved',
        targetType: 'order',
        targetId: dispute.orderId,
        details: { disputeId: dispute.id, fields: Object.keys(evidence).sort() },
      }),
    );
    return ok({ ...dispute, evidence: merged.value });
  });
}

const DEFINITIVE: readonly PaymentErrorKind[] = ['invalid_request', 'not_found'];

/**
 * Submits a dispute's evidence draft to Stripe (once: Stripe takes evidence a single time), with a key per dispute
 * so a retry submits the same. Stripe's answer (the dispute `under_review`) is applied through the webhook rules,
 * with the submission recorded and audited in one transaction.
 */
export async function submitDisputeEvidence(
  ports: DisputeEvidencePorts,
  { disputeId, actor }: { disputeId: string; actor: Actor },
): Promise<Result<StoredDispute, EvidenceRefusal>> {
  const checked = await ports.paymentTransactions.run(async (tx): Promise<Result<StoredDispute, EvidenceRefusal>> => {
    const dispute = await tx.lockDispute(disputeId);
    if (!dispute) return err(notFound('dispute'));
    const refusal = frozen(dispute);
    if (refusal) return err(refusal);
    if (Object.keys(dispute.evidence).length === 0) {
      return err({ kind: 'evidence_invalid', field: 'evidence', problem: 'save some evidence before submitting' });
    }
    return ok(dispute);
  });
  if (!checked.ok) return checked;
  const dispute = checked.value;
  const answer = await ports.gateway.updateDisputeEvidence({
    disputeId: dispute.stripeDisputeId,
    evidence: dispute.evidence,
    submit: true,
    idempotencyKey: `storepay-dispute-submit-${dispute.id}`,
  });
  if (!answer.ok) {
    const kind = DEFINITIVE.includes(answer.error.kind) ? 'evidence_refused' : 'evidence_unsent';
    return err({ kind, error: answer.error });
  }
  await ports.paymentTransactions.run(async (tx) => {
    await tx.lockDispute(dispute.id);
    await applyDisputeChange(answer.value, tx);
    await tx.markEvidenceSubmitted(dispute.id, actor.id);
    await tx.appendAudit(
      auditBy(actor, {
        action: 'dispute.evidence_submitted',
        targetType: 'order',
        targetId: dispute.orderId,
        details: { disputeId: dispute.id, fields: Object.keys(dispute.evidence).sort(), status: answer.value.status },
      }),
    );
  });
  return ok((await ports.disputes.find(dispute.id)) ?? dispute);
}

/** Evidence files Stripe takes: PDF, JPEG or PNG, at most 5 MB (Stripe's limit for dispute evidence). */
export const EVIDENCE_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const MAX_EVIDENCE_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Uploads a document to Stripe's Files API and puts its id into a file field of the draft (replacing what the field
 * held). The upload's key is derived from the content, so a retried upload makes one Stripe file.
 */
export async function attachDisputeFile(
  ports: DisputeEvidencePorts,
  input: {
    disputeId: string;
    field: (typeof DISPUTE_EVIDENCE_FILE_FIELDS)[number];
    file: { name: string; type: string; data: Uint8Array; sha256: string };
    actor: Actor;
  },
): Promise<Result<{ fileId: string; dispute: StoredDispute }, EvidenceRefusal>> {
  const dispute = await ports.disputes.find(input.disputeId);
  if (!dispute) return err(notFound('dispute'));
  const refusal = frozen(dispute);
  if (refusal) return err(refusal);
  if (!(EVIDENCE_FILE_TYPES as readonly string[]).includes(input.file.type)) {
    return err({ kind: 'evidence_invalid', field: 'file', problem: 'must be a PDF, JPEG or PNG' });
  }
  if (input.file.data.byteLength === 0 || input.file.data.byteLength > MAX_EVIDENCE_FILE_BYTES) {
    return err({ kind: 'evidence_invalid', field: 'file', problem: 'must be between 1 byte and 5 MB' });
  }
  const uploaded = await ports.gateway.uploadDisputeFile({
    name: input.file.name,
    type: input.file.type,
    data: input.file.data,
    idempotencyKey: `storepay-dispute-file-${dispute.id}-${input.file.sha256}`,
  });
  if (!uploaded.ok) {
    const kind = DEFINITIVE.includes(uploaded.error.kind) ? 'evidence_refused' : 'evidence_unsent';
    return err({ kind, error: uploaded.error });
  }
  const saved = await saveDisputeEvidence(ports, {
    disputeId: dispute.id,
    evidence: { [input.field]: uploaded.value.id },
    actor: input.actor,
  });
  return saved.ok ? ok({ fileId: uploaded.value.id, dispute: saved.value }) : saved;
}

/** The disputes page: by evidence deadline, with every dispute's amounts at risk (open), won and lost per currency. */
export async function listDisputes(
  ports: {
    disputes: Pick<DisputeRepository, 'list'>;
    paymentExplorer: Pick<PaymentExplorerRepository, 'disputeTotals'>;
  },
  { limit }: { limit: number },
): Promise<DisputeList> {
  const [rows, totals] = await Promise.all([
    ports.disputes.list({ limit }),
    ports.paymentExplorer.disputeTotals({ dispute: 'any' }),
  ]);
  return { disputes: rows.map(disputeView), totals };
}
