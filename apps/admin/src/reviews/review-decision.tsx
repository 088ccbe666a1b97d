import type { ReviewDecisionResponse, ReviewView } from '@storepay/payments-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/api-client';
import { ConfirmPanel, WriteError } from '../app/confirm';
import { NoteField } from '../app/form-fields';
import { humanize } from '../app/format';
import { formatAmount } from '../payments/money-input';
import { paymentQueries, refundQueries } from '../payments/payment-queries';
import { decideReview, fraudWarningQueries, reviewQueries } from './review-queries';

export type ReviewDecisionKind = 'approve' | 'refuse';

/** A review's order, short, as staff read it: "1a2b3c4d". */
export const shortOrder = (orderId: string) => orderId.slice(0, 8);

/** What a decision did, in words. */
export function decisionOutcome({ review, refund, released }: ReviewDecisionResponse): string {
  const order = `Review of order ${shortOrder(review.orderId)}`;
  if (review.decision === 'approved') return `${order} approved: the payment stands and the order can be fulfilled.`;
  if (released) return `${order} refused: its authorisation was released, nothing was taken; the order is canceled.`;
  if (refund) {
    const amount = formatAmount(refund.amount, refund.currency);
    return refund.status === 'awaiting_approval'
      ? `${order} refused: the full refund of ${amount} waits for a second admin's approval.`
      : `${order} refused: full refund of ${amount} as fraudulent, ${humanize(refund.status).toLowerCase()}.`;
  }
  return `${order} refused.`;
}

/**
 * The confirmation of a decision on a review, with an optional note. Refusing says what it does: a full refund as
 * fraudulent and the order canceled. A 409 (someone else, or Stripe, decided first) refreshes the queue.
 */
export function ReviewDecisionPanel({
  review,
  decision,
  onCancel,
  onDone,
}: {
  review: ReviewView;
  decision: ReviewDecisionKind;
  onCancel: () => void;
  onDone: (result: ReviewDecisionResponse) => void;
}) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const refresh = () => {
    for (const queryKey of [
      reviewQueries.all(),
      paymentQueries.all(),
      refundQueries.all(),
      fraudWarningQueries.all(),
    ]) {
      void queryClient.invalidateQueries({ queryKey });
    }
  };
  const mutation = useMutation({
    mutationFn: () => decideReview(review.id, decision, note.trim()),
    onSuccess: (result) => {
      refresh();
      onDone(result);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) refresh();
    },
  });
  const order = shortOrder(review.orderId);
  const amount = formatAmount(review.amount, review.currency);

  return (
    <ConfirmPanel
      title={
        decision === 'approve' ? `Approve the payment of order ${order}?` : `Refuse the payment of order ${order}?`
      }
      confirmLabel={decision === 'approve' ? 'Confirm approval' : 'Refuse and refund'}
      busy={mutation.isPending}
      onConfirm={() => {
        if (!mutation.isPending) mutation.mutate();
      }}
      onCancel={onCancel}
      error={
        mutation.isError ? (
          <WriteError
            error={mutation.error}
            extra={
              mutation.error instanceof ApiError && mutation.error.status === 409
                ? 'The queue was refreshed.'
                : undefined
            }
          />
        ) : null
      }
      fields={<NoteField label="Decision note" value={note} onChange={setNote} />}
    >
      {decision === 'approve' ? (
        <p>The payment of {amount} stands and the order's fulfilment is released.</p>
      ) : (
        <p>
          Refusing refunds the payment in full as fraudulent and cancels the order ({amount}
          {review.orderStatus === 'authorized' ? ', not captured yet: its authorisation is released' : ''}). This cannot
          be undone.
        </p>
      )}
    </ConfirmPanel>
  );
}
