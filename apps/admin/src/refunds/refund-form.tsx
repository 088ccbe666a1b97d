import {
  newIdempotencyKey,
  REFUND_REASONS,
  type CurrencyCode,
  type PaymentDetail,
  type RefundReason,
} from '@storepay/payments-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, definitelyRejected } from '../api/api-client';
import { MoneyAmountField, NoteField } from '../app/form-fields';
import { humanize } from '../app/format';
import { authorizationQueries } from '../authorizations/authorization-queries';
import { decimalsHint, formatAmount, parseAmountInput, toMajorInput } from '../payments/money-input';
import { paymentQueries, refundQueries, requestRefund, type RefundOutcome } from '../payments/payment-queries';

interface RefundFormProps {
  payment: PaymentDetail;
  currency: CurrencyCode;
  /** A refund, or (a payment not captured yet, refunded in full) the release of its authorisation. */
  onDone: (result: RefundOutcome) => void;
  onCancel: () => void;
}

/**
 * The refund form. One idempotency key per refund request: made when the form opens and again after each request
 * that completed (or was refused outright); a retry after a network error or 5xx, and a double-click, reuse it, so
 * they make one refund.
 */
export function RefundForm({ payment, currency, onDone, onCancel }: RefundFormProps) {
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState(() => toMajorInput(payment.refundable, currency));
  const [reason, setReason] = useState<RefundReason>('requested_by_customer');
  const [note, setNote] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const inFlight = useRef(false);
  const ids = useId();
  const maximum = formatAmount(payment.refundable, currency);

  const mutation = useMutation({
    mutationFn: (variables: { amount: number; reason: RefundReason; note: string; key: string }) =>
      requestRefund(
        payment.orderId,
        {
          amount: variables.amount,
          reason: variables.reason,
          ...(variables.note ? { note: variables.note } : {}),
        },
        variables.key,
      ),
    onSuccess: (result) => {
      setIdempotencyKey(newIdempotencyKey());
      void queryClient.invalidateQueries({ queryKey: paymentQueries.all() });
      void queryClient.invalidateQueries({ queryKey: refundQueries.all() });
      void queryClient.invalidateQueries({ queryKey: authorizationQueries.all() });
      onDone(result);
    },
    onError: (error) => {
      if (definitelyRejected(error)) setIdempotencyKey(newIdempotencyKey());
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    const parsed = parseAmountInput(amount, currency);
    if (!parsed.ok) return setAmountError(parsed.error);
    if (parsed.minor <= 0) return setAmountError('Must be more than 0');
    if (parsed.minor > payment.refundable) return setAmountError(`At most ${maximum} can be refunded`);
    setAmountError(null);
    inFlight.current = true;
    mutation.mutate(
      { amount: parsed.minor, reason, note: note.trim(), key: idempotencyKey },
      {
        onSettled: () => {
          inFlight.current = false;
        },
      },
    );
  }

  const apiError = mutation.error instanceof ApiError ? mutation.error : null;
  const amountMessage = amountError ?? apiError?.fields?.amount ?? null;

  return (
    <section className="panel refund-form" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel__title">
        Refund this payment
      </h2>
      <form className="form-stack panel__body" onSubmit={submit} noValidate>
        {mutation.isError ? (
          <div className="form-error" role="alert">
            <p>
              {apiError ? apiError.message : 'Something unexpected went wrong.'}{' '}
              {apiError?.isRetryable || !apiError
                ? 'Submitting again retries the same request (it will not refund twice).'
                : ''}
            </p>
            {apiError ? <code>{apiError.code}</code> : null}
          </div>
        ) : null}
        <MoneyAmountField
          label="Amount"
          value={amount}
          currency={currency}
          hint={`At most ${maximum} (${currency.toUpperCase()}, ${decimalsHint(currency)}).`}
          error={amountMessage}
          onChange={setAmount}
          fillLabel="Use the full refundable amount"
          onFill={() => {
            setAmount(toMajorInput(payment.refundable, currency));
            setAmountError(null);
          }}
        />
        <label className="field">
          <span className="field__label">Reason</span>
          <select name="reason" value={reason} onChange={(event) => setReason(event.target.value as RefundReason)}>
            {REFUND_REASONS.map((option) => (
              <option key={option} value={option}>
                {humanize(option)}
              </option>
            ))}
          </select>
        </label>
        <NoteField
          label="Note"
          value={note}
          onChange={setNote}
          rows={3}
          hint="Kept for good in the audit log: do not write the customer’s name, email or other personal details."
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={mutation.isPending} aria-busy={mutation.isPending}>
            Request refund
          </button>
          <button type="button" className="button button--secondary" onClick={onCancel} disabled={mutation.isPending}>
            Cancel
          </button>
          {mutation.isPending ? (
            <span role="status" className="muted">
              Sending the refund…
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}
