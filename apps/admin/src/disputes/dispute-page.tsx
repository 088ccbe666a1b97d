import { DISPUTE_EVIDENCE_FILE_FIELDS, DISPUTE_EVIDENCE_TEXT_FIELDS, type DisputeView } from '@storepay/payments-core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Panel } from '../app/data-table';
import { formatInstant, humanize, StatusBadge } from '../app/format';
import { EmptyState, PageHeader } from '../app/page-states';
import { QueryState } from '../app/query-state';
import { useNow } from '../app/use-now';
import { formatAmount } from '../payments/money-input';
import { Detail } from '../payments/payment-detail/detail-list';
import { useCan } from '../session/session-context';
import { disputeQueries } from './dispute-queries';
import { EvidenceDue } from './dispute-due';
import { EvidenceForm } from './evidence-form';
import { evidenceLabel } from './evidence-fields';

/** One dispute: its facts and deadline, and the evidence form (read-only once submitted or closed). */
export function DisputePage() {
  const { disputeId = '' } = useParams();
  const dispute = useQuery(disputeQueries.detail(disputeId));
  return (
    <QueryState
      query={dispute}
      loading="Loading the dispute…"
      errorTitle="Couldn't load the dispute"
      notFound={
        <EmptyState title="No such dispute">
          <p>
            There is no dispute with the id <code>{disputeId}</code>.
          </p>
          <Link to="/disputes" className="button">
            Go to the dispute list
          </Link>
        </EmptyState>
      }
    >
      {(view) => <DisputeDetail dispute={view} />}
    </QueryState>
  );
}

/** Why the evidence can no longer change, or null while it can. */
function frozenBecause(dispute: DisputeView): string | null {
  if (dispute.evidenceSubmittedAt) {
    return `The evidence was submitted to Stripe on ${formatInstant(dispute.evidenceSubmittedAt)}: evidence can be submitted once, so it can no longer change.`;
  }
  if (!dispute.open)
    return `This dispute is closed (${humanize(dispute.status).toLowerCase()}): its evidence can no longer change.`;
  return null;
}

function DisputeDetail({ dispute }: { dispute: DisputeView }) {
  const now = useNow();
  const canRespond = useCan('respondToDisputes');
  const frozen = frozenBecause(dispute);
  const [submitted, setSubmitted] = useState(false);
  const money = formatAmount(dispute.amount, dispute.currency);

  return (
    <>
      <title>{`Dispute ${dispute.stripeDisputeId} · Storepay Admin`}</title>
      <p className="breadcrumb">
        <Link to="/disputes">← Dispute list</Link>
      </p>
      <PageHeader title={`Dispute ${dispute.stripeDisputeId}`} description={`${money} · ${humanize(dispute.reason)}`} />

      {submitted ? (
        <div className="notice" role="status">
          <p>Evidence submitted to Stripe: the bank decides now. Stripe tells us the outcome.</p>
        </div>
      ) : null}

      <Panel id="dispute-title" title="Dispute">
        <dl className="details" aria-label="Dispute details">
          <Detail term="Status">
            <StatusBadge status={dispute.status} />
          </Detail>
          <Detail term="Amount">{money}</Detail>
          <Detail term="Reason">{humanize(dispute.reason)}</Detail>
          <Detail term="Evidence due">
            <EvidenceDue dispute={dispute} now={now} />
          </Detail>
          <Detail term="Payment">
            <Link to={`/payments/${dispute.orderId}`}>
              <span className="visually-hidden">Payment </span>
              {dispute.orderId.slice(0, 8)}
            </Link>
          </Detail>
          <Detail term="Opened">{formatInstant(dispute.createdAt)}</Detail>
          <Detail term="Draft saved">{formatInstant(dispute.evidenceSavedAt)}</Detail>
          <Detail term="Submitted">{formatInstant(dispute.evidenceSubmittedAt)}</Detail>
        </dl>
      </Panel>

      {frozen || !canRespond ? (
        <Panel id="evidence-title" title="Evidence">
          <p className="panel__body muted">
            {frozen ?? 'Support and admins write the evidence; you can read what is saved.'}
          </p>
          <EvidenceReadOnly evidence={dispute.evidence} />
        </Panel>
      ) : (
        <EvidenceForm key={dispute.id} dispute={dispute} onSubmitted={() => setSubmitted(true)} />
      )}
    </>
  );
}

/** The saved evidence, field by field (only those with a value). */
function EvidenceReadOnly({ evidence }: { evidence: Record<string, string> }) {
  const fields = [...DISPUTE_EVIDENCE_TEXT_FIELDS, ...DISPUTE_EVIDENCE_FILE_FIELDS].filter((field) => evidence[field]);
  if (fields.length === 0) return <p className="panel__body muted">No evidence saved.</p>;
  return (
    <dl className="details" aria-label="Saved evidence">
      {fields.map((field) => (
        <Detail key={field} term={evidenceLabel(field)}>
          {(DISPUTE_EVIDENCE_FILE_FIELDS as readonly string[]).includes(field) ? (
            <code>{evidence[field]}</code>
          ) : (
            <span className="pre-wrap">{evidence[field]}</span>
          )}
        </Detail>
      ))}
    </dl>
  );
}
