import type Stripe from 'stripe';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { RequestContext, StoredObject } from '../state';
import { update } from '../state';
import { StripeApiError, stripeErrors } from '../wire/errors';
import { newId } from '../wire/ids';
import { listMatching } from '../wire/list';
import { allowOnly, bool, mergeMetadata, record, str, type Params } from '../wire/params';
import { defineRoute } from '../wire/router';
import { getCharge, type ChargeObject } from './charge-store';
import { settleEarlyFraudWarnings } from './early-fraud-warnings';
import { disputeEvidenceFile } from './files';
import { closeReviewOf } from './reviews';
import type { TestDispute } from './test-cards';

export type DisputeObject = Stripe.Dispute & StoredObject;

/** How long after submitting Stripe's test evidence the dispute resolves (ms, wall clock). */
export const disputeTiming = { resolveMs: 50 };

/** Days the merchant has to respond, as Stripe's `evidence_details.due_by`. */
const RESPONSE_DAYS = 7;

const EVIDENCE_FIELDS = [
  'access_activity_log',
  'billing_address',
  'cancellation_policy',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'customer_communication',
  'customer_email_address',
  'customer_name',
  'customer_purchase_ip',
  'customer_signature',
  'duplicate_charge_documentation',
  'duplicate_charge_explanation',
  'duplicate_charge_id',
  'product_description',
  'receipt',
  'refund_policy',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'service_date',
  'service_documentation',
  'shipping_address',
  'shipping_carrier',
  'shipping_date',
  'shipping_documentation',
  'shipping_tracking_number',
  'uncategorized_file',
  'uncategorized_text',
] as const;

/** The evidence fields that name a File (purpose `dispute_evidence`) rather than hold text. */
const FILE_EVIDENCE_FIELDS: ReadonlySet<string> = new Set([
  'cancellation_policy',
  'customer_communication',
  'customer_signature',
  'duplicate_charge_documentation',
  'receipt',
  'refund_policy',
  'service_documentation',
  'shipping_documentation',
  'uncategorized_file',
] satisfies (typeof EVIDENCE_FIELDS)[number][]);

const OPEN_STATUSES = ['needs_response', 'warning_needs_response', 'under_review', 'warning_under_review'];

/** Network reason codes of the reasons the test cards open. */
const NETWORK_REASON: Record<string, string> = { fraudulent: '10.4', product_not_received: '13.1' };

export function getDispute(emulator: Emulator, id: string, param = 'dispute'): DisputeObject {
  const dispute = emulator.store.get<DisputeObject>(id, 'dispute');
  if (!dispute) throw stripeErrors.missing('dispute', id, param);
  return dispute;
}

/** Whether `charge` has a chargeback that is open or lost (Stripe refuses refunds then; an inquiry does not). */
export function hasOpenDispute(emulator: Emulator, chargeId: string): boolean {
  return emulator.store
    .list<DisputeObject>('dispute')
    .some(
      (d) =>
        d.charge === chargeId && !d.is_charge_refundable && (OPEN_STATUSES.includes(d.status) || d.status === 'lost'),
    );
}

const isInquiry = (dispute: Stripe.Dispute) => dispute.status.startsWith('warning_');

function emptyEvidence(): Stripe.Dispute.Evidence {
  const evidence = Object.fromEntries(EVIDENCE_FIELDS.map((field) => [field, null]));
  return { ...evidence, enhanced_evidence: {} } as unknown as Stripe.Dispute.Evidence;
}

/**
 * The issuer disputes `charge` (a dispute test card, shortly after its capture): a chargeback withdraws the funds
 * (`needs_response`, `charge.dispute.funds_withdrawn`), an inquiry does not (`warning_needs_response`, the charge
 * stays refundable). Either closes the charge's open review (`disputed`) and ends its early fraud warnings.
 */
export function openDispute(
  emulator: Emulator,
  charge: ChargeObject,
  { reason, caseType }: TestDispute,
): DisputeObject | null {
  if (charge.disputed) return null;
  const inquiry = caseType === 'inquiry';
  const created = emulator.clock.now();
  const brand = charge.payment_method_details?.card?.brand ?? 'visa';
  const networkReasonCode = inquiry ? null : (NETWORK_REASON[reason] ?? null);
  const dispute: Stripe.Dispute = {
    id: newId('dp'),
    object: 'dispute',
    amount: charge.amount_captured,
    balance_transactions: [],
    charge: charge.id,
    created,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: emptyEvidence(),
    evidence_details: {
      due_by: created + RESPONSE_DAYS * 86400,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: 'not_submitted',
    },
    intended_submission_method: null,
    is_charge_refundable: inquiry,
    livemode: false,
    metadata: {},
    network_reason_code: networkReasonCode,
    payment_intent: charge.payment_intent,
    payment_method_details: {
      card: { brand, case_type: caseType, network: brand, network_reason_code: networkReasonCode },
      type: 'card',
    },
    reason,
    status: inquiry ? 'warning_needs_response' : 'needs_response',
  };
  const stored = emulator.store.insert(dispute as DisputeObject);
  update(charge, { disputed: true });
  emulator.events.emit(null, 'charge.dispute.created', stored);
  if (!inquiry) emulator.events.emit(null, 'charge.dispute.funds_withdrawn', stored);
  closeReviewOf(emulator, null, charge, 'disputed');
  settleEarlyFraudWarnings(emulator, null, charge);
  return stored;
}

function later(ms: number, run: () => void): void {
  setTimeout(run, ms).unref();
}

/**
 * Closes an open dispute as `won` or `lost` (what the card network decides; also the control API's hook).
 * Won emits `charge.dispute.funds_reinstated`; both emit `charge.dispute.closed`. An inquiry closes as
 * `warning_closed` either way (it never escalates to a chargeback here) and had no funds to reinstate.
 */
export function resolveDispute(emulator: Emulator, id: string, outcome: 'won' | 'lost'): DisputeObject {
  const dispute = getDispute(emulator, id, 'id');
  if (!OPEN_STATUSES.includes(dispute.status)) {
    throw stripeErrors.invalidRequest(`This dispute is already closed (status ${dispute.status}).`);
  }
  if (isInquiry(dispute)) {
    update(dispute, { status: 'warning_closed' });
  } else {
    update(dispute, { status: outcome, is_charge_refundable: false });
    if (outcome === 'won') emulator.events.emit(null, 'charge.dispute.funds_reinstated', dispute);
  }
  emulator.events.emit(null, 'charge.dispute.closed', dispute);
  return dispute;
}

function updateDispute(emulator: Emulator, dispute: DisputeObject, params: Params, ctx: RequestContext): DisputeObject {
  if (!OPEN_STATUSES.includes(dispute.status)) {
    throw stripeErrors.invalidRequest(
      `This dispute has status ${dispute.status} and is closed; its evidence and metadata can no longer be updated.`,
    );
  }
  const changes: Record<string, unknown> = { metadata: mergeMetadata(dispute.metadata, params) };
  const evidence = record(params, 'evidence');
  if (evidence) {
    allowOnly(evidence, [...EVIDENCE_FIELDS, 'enhanced_evidence']);
    if (evidence.enhanced_evidence !== undefined) {
      throw stripeErrors.invalidParam('evidence[enhanced_evidence]', 'Enhanced evidence is not emulated.');
    }
    const next = structuredClone(dispute.evidence) as unknown as Record<string, unknown>;
    for (const field of EVIDENCE_FIELDS) {
      if (evidence[field] === undefined) continue;
      const value = str(evidence, field) || null;
      if (value && FILE_EVIDENCE_FIELDS.has(field)) disputeEvidenceFile(emulator, value, `evidence[${field}]`);
      next[field] = value;
    }
    changes.evidence = next;
  }
  const submit = bool(params, 'submit') ?? false;
  const hasEvidence = EVIDENCE_FIELDS.some(
    (field) => ((changes.evidence ?? dispute.evidence) as unknown as Record<string, unknown>)[field] !== null,
  );
  if (submit) {
    if (dispute.status === 'under_review' || dispute.status === 'warning_under_review') {
      throw new StripeApiError(400, {
        type: 'invalid_request_error',
        message: 'This dispute has already been submitted; evidence can only be submitted once.',
      });
    }
    changes.status = dispute.status === 'warning_needs_response' ? 'warning_under_review' : 'under_review';
  }
  changes.evidence_details = {
    ...dispute.evidence_details,
    has_evidence: hasEvidence,
    ...(submit ? { submission_count: dispute.evidence_details.submission_count + 1, submission_method: 'manual' } : {}),
  };
  const previous = update(dispute, changes);
  if (Object.keys(previous).length > 0) emulator.events.emit(ctx, 'charge.dispute.updated', dispute, previous);
  if (submit) {
    // Stripe's test evidence: `winning_evidence` / `losing_evidence` as uncategorized_text decide the outcome.
    const text = dispute.evidence.uncategorized_text;
    if (text === 'winning_evidence' || text === 'losing_evidence') {
      later(disputeTiming.resolveMs, () => {
        if (emulator.store.get(dispute.id) === dispute && OPEN_STATUSES.includes(dispute.status)) {
          resolveDispute(emulator, dispute.id, text === 'winning_evidence' ? 'won' : 'lost');
        }
      });
    }
  }
  return dispute;
}

/** Disputes: opened by the dispute test cards; retrieve, update (evidence, submit), close, list. */
export function registerDisputes(app: FastifyInstance, emulator: Emulator): void {
  defineRoute(app, emulator, 'GET', '/v1/disputes/:id', ({ path }) => getDispute(emulator, path.id!, 'id'));

  defineRoute(app, emulator, 'POST', '/v1/disputes/:id', ({ params, path, ctx }) => {
    allowOnly(params, ['evidence', 'metadata', 'submit', 'intended_submission_method']);
    if (params.intended_submission_method !== undefined) {
      throw stripeErrors.invalidParam('intended_submission_method', 'Smart Disputes are not emulated.');
    }
    return updateDispute(emulator, getDispute(emulator, path.id!, 'id'), params, ctx);
  });

  defineRoute(app, emulator, 'POST', '/v1/disputes/:id/close', ({ params, path, ctx }) => {
    allowOnly(params, []);
    const dispute = getDispute(emulator, path.id!, 'id');
    if (dispute.status !== 'needs_response' && dispute.status !== 'warning_needs_response') {
      throw stripeErrors.invalidRequest(
        `This dispute cannot be closed because it has a status of ${dispute.status}. Only a dispute with status needs_response or warning_needs_response can be closed.`,
      );
    }
    update(dispute, { status: dispute.status === 'warning_needs_response' ? 'warning_closed' : 'lost' });
    emulator.events.emit(ctx, 'charge.dispute.closed', dispute);
    return dispute;
  });

  defineRoute(app, emulator, 'GET', '/v1/disputes', ({ params, url }) => {
    allowOnly(params, ['limit', 'starting_after', 'ending_before', 'created', 'charge', 'payment_intent']);
    const charge = str(params, 'charge');
    if (charge) getCharge(emulator, charge);
    return listMatching(emulator.store.list<DisputeObject>('dispute'), params, url, ['charge', 'payment_intent']);
  });
}
