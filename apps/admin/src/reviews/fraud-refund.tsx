import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useIdempotencyKeys } from '../api/idempotency';
import { ConfirmPanel, WriteError } from '../app/confirm';
import { humanize } from '../app/format';
import { formatAmount } from '../payments/money-input';
import {
  isRelease,
  paymentQueries,
  refundQueries,
  requestRefund,
  type RefundOutcome,
} from '../payments/payment-queries';
import { fraudWarningQueries, reviewQueries } from './review-queries';

/** What a fraudulent full refund did, in words. */
export function fraudRefundOutcome(outcome: RefundOutcome): string {
  if (isRelease(outcome)) {
    return `Authorisation released as fraudulent: ${formatAmount(outcome.action.amount, outcome.action.currency)} goes back to the shopper.`;
  }
  const { refund, approvalRequired } = outcome;
  const amount = formatAmount(refund.amount, refund.currency);
  return approvalRequired || refund.status === 'awaiting_approval'
    ? `Full refund of ${amount} (fraudulent) requested: waiting for a second admin's approval.`
    : `Full refund of ${amount} (fraudulent) sent: ${humanize(refund.status).toLowerCase()}.`;
}

/**
 * "Refund in full (fraudulent)" for an early fraud warning: after a confirmation, POST the refund route with
 * `{reason: 'fraudulent'}` and no amount (all that is left), with one Idempotency-Key per request kept across
 * retries. Refunding before the shopper's bank opens a dispute avoids the dispute and its fee. Support and admins
 * only (the caller checks `useCan('refund')`).
 */
export function FraudRefundButton({
  orderId,
  refundable,
  currency,
  what,
  onDone,
}: {
  orderId: string;
  refundable: number;
  currency: string;
  /** Added to the button's name where several are listed ("order 1a2b3c4d"). */
  what?: string;
  /** Where the outcome is told; without it, the button's place says it. */
  onDone?: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const keys = useIdempotencyKeys();
  const inFlight = useRef(false);

  const mutation = useMutation({
    mutationFn: (key: string) => requestRefund(orderId, { reason: 'fraudulent' }, key),
    onSuccess: (outcome) => {
      keys.settle(null);
      setConfirming(false);
      if (onDone) onDone(fraudRefundOutcome(outcome));
      else setDone(fraudRefundOutcome(outcome));
      for (const queryKey of [
        paymentQueries.all(),
        refundQueries.all(),
        fraudWarningQueries.all(),
        reviewQueries.all(),
      ]) {
        void queryClient.invalidateQueries({ queryKey });
      }
    },
    onError: (error) => keys.settle(error),
  });

  function confirm() {
    if (inFlight.current) return;
    inFlight.current = true;
    mutation.mutate(keys.keyFor({ orderId, reason: 'fraudulent' }), {
      onSettled: () => {
        inFlight.current = false;
      },
    });
  }

  if (done) {
    return (
      <p className="notice" role="status">
        {done}
      </p>
    );
  }
  if (!confirming) {
    return (
      <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
        Refund in full (fraudulent){what ? <span className="visually-hidden"> {what}</span> : null}
      </button>
    );
  }
  return (
    <ConfirmPanel
      title="Refund in full as fraudulent?"
      confirmLabel="Yes, refund in full"
      busy={mutation.isPending}
      onConfirm={confirm}
      onCancel={() => setConfirming(false)}
      error={
        mutation.isError ? (
          <WriteError
            error={mutation.error}
            retryHint="Confirming again retries the same request (it will not refund twice)."
          />
        ) : null
      }
    >
      <p>
        Refunds {formatAmount(refundable, currency)}, everything still refundable, with the reason “fraudulent”. A
        refund before the bank opens a dispute avoids the dispute and its fee. This cannot be undone.
      </p>
    </ConfirmPanel>
  );
}
