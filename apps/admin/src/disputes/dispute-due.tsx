import type { DisputeView } from '@storepay/payments-core';
import { formatInstant } from '../app/format';

/** Evidence due within this long is marked "Due soon". */
export const DUE_SOON_MS = 3 * 24 * 60 * 60_000;

export type DueState = 'overdue' | 'due_soon' | null;

/** Whether a dispute still waiting for evidence is past its deadline or close to it (null once answered or closed). */
export function dueState(dispute: DisputeView, now: number): DueState {
  if (!dispute.open || dispute.evidenceSubmittedAt || !dispute.evidenceDueBy) return null;
  const left = new Date(dispute.evidenceDueBy).getTime() - now;
  if (Number.isNaN(left)) return null;
  if (left < 0) return 'overdue';
  return left <= DUE_SOON_MS ? 'due_soon' : null;
}

/** The evidence deadline, with "Overdue" / "Due soon" in words and colour. */
export function EvidenceDue({ dispute, now }: { dispute: DisputeView; now: number }) {
  const state = dueState(dispute, now);
  return (
    <>
      {dispute.evidenceDueBy ? (
        <time dateTime={dispute.evidenceDueBy}>{formatInstant(dispute.evidenceDueBy)}</time>
      ) : (
        '—'
      )}
      {state ? (
        <>
          {' '}
          <span className="badge" data-status={state}>
            {state === 'overdue' ? 'Overdue' : 'Due soon'}
          </span>
        </>
      ) : null}
    </>
  );
}

/** Where the evidence stands: submitted, a draft, or nothing yet. */
export function evidenceProgress(dispute: DisputeView): string {
  if (dispute.evidenceSubmittedAt) return `Submitted ${formatInstant(dispute.evidenceSubmittedAt)}`;
  if (dispute.evidenceSavedAt) return `Draft saved ${formatInstant(dispute.evidenceSavedAt)}`;
  return 'None yet';
}
