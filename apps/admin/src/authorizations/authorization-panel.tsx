import {
  AUTHORIZATION_CANCEL_REASONS,
  AUTHORIZATION_EXPIRING_REASON,
  type AuthorizationActionView,
  type AuthorizationCancelReason,
  type AuthorizationResponse,
  type AuthorizationView,
  type CurrencyCode,
  type PaymentDetail,
  parseCurrency,
} from '@storepay/payments-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, definitelyRejected } from '../api/api-client';
import { useIdempotencyKeys } from '../api/idempotency';
import { ConfirmPanel, WriteError } from '../app/confirm';
import { MoneyAmountField, NoteField } from '../app/form-fields';
import { DataTable, Panel } from '../app/data-table';
import { formatInstant, humanize, StatusBadge } from '../app/format';
import { Detail, type MoneyText } from '../payments/payment-detail/detail-list';
import { decimalsHint, formatAmount, parseAmountInput, toMajorInput } from '../payments/money-input';
import { paymentQueries } from '../payments/payment-queries';
import { useCan } from '../session/session-context';
import { authorizationQueries, captureAuthorization, releaseAuthorization } from './authorization-queries';
import { CaptureDeadline } from './capture-deadline';

/**
 * A decision's key is kept for a retry after a failure that may have acted (network, 5xx, 429). A 409 means another
 * decision holds the authorisation (or this key's decision failed at Stripe, which the API says to retry with a new
 * key): the API never makes two decisions, so the next attempt gets a new key.
 */
const renewKeyAfter = (error: unknown) =>
  definitelyRejected(error) || (error instanceof ApiError && error.status === 409);

const RETRY_HINT = 'Submitting again retries the same request (it will not act twice).';

/** A 409: someone (or the expiry sweep) decided first; the payment is refreshed to show what happened. */
function conflictNote(error: unknown): string | undefined {
  return error instanceof ApiError && error.status === 409
    ? 'The payment was refreshed to show the decision that was made.'
    : undefined;
}

/** What an answered decision did, for the notice above the panel's forms. */
function outcome(result: AuthorizationResponse, capturableBefore: number, money: MoneyText): string {
  const { action, orderStatus } = result;
  if (action.status === 'pending') {
    return `${action.kind === 'capture' ? 'Capture' : 'Release'} of ${money(action.amount)} sent: waiting for Stripe's answer.`;
  }
  if (action.status === 'failed') {
    return `Stripe refused the ${action.kind === 'capture' ? 'capture' : 'release'}${action.failureReason ? `: ${action.failureReason}` : ''}.`;
  }
  const order = `The order is ${humanize(orderStatus).toLowerCase()}.`;
  if (action.kind === 'cancel')
    return `Authorisation released: ${money(action.amount)} goes back to the shopper. ${order}`;
  const rest = capturableBefore - action.amount;
  return rest > 0
    ? `Captured ${money(action.amount)}; the remaining ${money(rest)} goes back to the shopper. ${order}`
    : `Captured ${money(action.amount)}. ${order}`;
}

/**
 * Manual capture on the payment page: what is authorised and until when, Capture (all or part) and Release for
 * support and admins while the authorisation is open, and every decision made on it.
 */
export function AuthorizationPanel({
  payment,
  authorization,
  money,
}: {
  payment: PaymentDetail;
  authorization: AuthorizationView;
  money: MoneyText;
}) {
  const canDecide = useCan('decideAuthorizations');
  const [notice, setNotice] = useState<string | null>(null);
  const [releasing, setReleasing] = useState(false);
  const currency = parseCurrency(payment.currency);
  const open = payment.status === 'authorized' && authorization.amountCapturable > 0;
  const pending = authorization.actions.find((action) => action.status === 'pending');
  const onDone = (result: AuthorizationResponse) => {
    setNotice(outcome(result, authorization.amountCapturable, money));
    setReleasing(false);
  };

  return (
    <Panel id="authorization-title" title="Authorisation">
      <dl className="details" aria-label="Authorisation details">
        <Detail term="Capture">{humanize(authorization.captureMethod)}</Detail>
        <Detail term="Capturable">{money(authorization.amountCapturable)}</Detail>
        <Detail term="Authorised at">{formatInstant(authorization.authorizedAt)}</Detail>
        <Detail term="Capture before">
          <CaptureDeadline
            captureBefore={authorization.captureBefore}
            expiringSoon={open && authorization.expiringSoon}
          />
        </Detail>
      </dl>

      {open && authorization.expiringSoon ? (
        <div className="notice notice--warn panel__body">
          <p>
            This authorisation lapses within 24 hours ({formatInstant(authorization.captureBefore)}): capture what the
            shopper pays, or release it. Otherwise the expiry sweep decides.
          </p>
        </div>
      ) : null}
      {pending ? (
        <div className="notice notice--warn panel__body" role="status">
          <p>
            A {pending.kind === 'capture' ? 'capture' : 'release'} of {money(pending.amount)} is waiting for Stripe's
            answer.
          </p>
        </div>
      ) : null}
      {notice ? (
        <div className="notice panel__body" role="status">
          <p>{notice}</p>
        </div>
      ) : null}

      {open && canDecide && currency ? (
        <div className="panel__body authorization-actions">
          <CaptureForm
            orderId={payment.orderId}
            capturable={authorization.amountCapturable}
            currency={currency}
            onDone={(result) => onDone(result)}
          />
          {releasing ? (
            <ReleaseConfirm
              orderId={payment.orderId}
              amount={money(authorization.amountCapturable)}
              onCancel={() => setReleasing(false)}
              onDone={onDone}
            />
          ) : (
            <div className="form-actions">
              <button
                type="button"
                className="button button--danger"
                onClick={() => {
                  setNotice(null);
                  setReleasing(true);
                }}
              >
                Release authorisation
              </button>
            </div>
          )}
        </div>
      ) : null}

      <AuthorizationActions actions={authorization.actions} />
    </Panel>
  );
}

function useDecisionSettled() {
  const queryClient = useQueryClient();
  return (error: unknown) => {
    if (error === null || (error instanceof ApiError && error.status === 409)) {
      void queryClient.invalidateQueries({ queryKey: paymentQueries.all() });
      void queryClient.invalidateQueries({ queryKey: authorizationQueries.all() });
    }
  };
}

/** Capture all or part of the authorisation: the amount in the currency's decimals, an optional note. */
function CaptureForm({
  orderId,
  capturable,
  currency,
  onDone,
}: {
  orderId: string;
  capturable: number;
  currency: CurrencyCode;
  onDone: (result: AuthorizationResponse) => void;
}) {
  const ids = useId();
  const [amount, setAmount] = useState(() => toMajorInput(capturable, currency));
  const [note, setNote] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const keys = useIdempotencyKeys(renewKeyAfter);
  const inFlight = useRef(false);
  const refresh = useDecisionSettled();
  const maximum = formatAmount(capturable, currency);

  const mutation = useMutation({
    mutationFn: ({ body, key }: { body: { amount: number; note?: string }; key: string }) =>
      captureAuthorization(orderId, body, key),
    onSuccess: (result) => {
      keys.settle(null);
      refresh(null);
      onDone(result);
    },
    onError: (error) => {
      keys.settle(error);
      refresh(error);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    const parsed = parseAmountInput(amount, currency);
    if (!parsed.ok) return setAmountError(parsed.error);
    if (parsed.minor <= 0) return setAmountError('Must be more than 0');
    if (parsed.minor > capturable) return setAmountError(`At most ${maximum} can be captured`);
    setAmountError(null);
    const body = { amount: parsed.minor, ...(note.trim() ? { note: note.trim() } : {}) };
    inFlight.current = true;
    mutation.mutate(
      { body, key: keys.keyFor({ kind: 'capture', ...body }) },
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
    <form className="form-stack" aria-labelledby={`${ids}-title`} onSubmit={submit} noValidate>
      <h3 id={`${ids}-title`} className="subheading">
        Capture the payment
      </h3>
      {mutation.isError ? (
        <WriteError error={mutation.error} retryHint={RETRY_HINT} extra={conflictNote(mutation.error)} />
      ) : null}
      <MoneyAmountField
        label="Amount to capture"
        value={amount}
        currency={currency}
        hint={`At most ${maximum} (${currency.toUpperCase()}, ${decimalsHint(currency)}). What is not captured goes back to the shopper.`}
        error={amountMessage}
        onChange={setAmount}
        fillLabel="Use the full capturable amount"
        onFill={() => {
          setAmount(toMajorInput(capturable, currency));
          setAmountError(null);
        }}
      />
      <NoteField label="Capture note" value={note} onChange={setNote} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={mutation.isPending} aria-busy={mutation.isPending}>
          Capture
        </button>
        {mutation.isPending ? (
          <span role="status" className="muted">
            Capturing…
          </span>
        ) : null}
      </div>
    </form>
  );
}

/** Release the whole authorisation, after saying what it does: the reason Stripe records and an optional note. */
function ReleaseConfirm({
  orderId,
  amount,
  onCancel,
  onDone,
}: {
  orderId: string;
  amount: string;
  onCancel: () => void;
  onDone: (result: AuthorizationResponse) => void;
}) {
  const ids = useId();
  const [reason, setReason] = useState<AuthorizationCancelReason>('requested_by_customer');
  const [note, setNote] = useState('');
  const keys = useIdempotencyKeys(renewKeyAfter);
  const inFlight = useRef(false);
  const refresh = useDecisionSettled();

  const mutation = useMutation({
    mutationFn: ({ body, key }: { body: { reason: AuthorizationCancelReason; note?: string }; key: string }) =>
      releaseAuthorization(orderId, body, key),
    onSuccess: (result) => {
      keys.settle(null);
      refresh(null);
      onDone(result);
    },
    onError: (error) => {
      keys.settle(error);
      refresh(error);
    },
  });

  function confirm() {
    if (inFlight.current) return;
    const body = { reason, ...(note.trim() ? { note: note.trim() } : {}) };
    inFlight.current = true;
    mutation.mutate(
      { body, key: keys.keyFor({ kind: 'cancel', ...body }) },
      {
        onSettled: () => {
          inFlight.current = false;
        },
      },
    );
  }

  return (
    <ConfirmPanel
      title="Release the authorisation?"
      confirmLabel="Confirm release"
      cancelLabel="Keep the authorisation"
      busy={mutation.isPending}
      onConfirm={confirm}
      onCancel={onCancel}
      error={
        mutation.isError ? (
          <WriteError error={mutation.error} retryHint={RETRY_HINT} extra={conflictNote(mutation.error)} />
        ) : null
      }
      fields={
        <>
          <div className="field">
            <label className="field__label" htmlFor={`${ids}-reason`}>
              Release reason
            </label>
            <select
              id={`${ids}-reason`}
              value={reason}
              onChange={(event) => setReason(event.target.value as AuthorizationCancelReason)}
            >
              {AUTHORIZATION_CANCEL_REASONS.map((option) => (
                <option key={option} value={option}>
                  {humanize(option)}
                </option>
              ))}
            </select>
          </div>
          <NoteField label="Release note" value={note} onChange={setNote} />
        </>
      }
    >
      <p>
        Nothing is taken: all of {amount} goes back to the shopper and the order is canceled. This cannot be undone.
      </p>
    </ConfirmPanel>
  );
}

/** Who decided what on the authorisation: staff, or the expiry sweep (no staff member: `requestedBy` null). */
function AuthorizationActions({ actions }: { actions: AuthorizationActionView[] }) {
  if (actions.length === 0) return <p className="panel__body muted">No capture or release yet.</p>;
  return (
    <DataTable
      label="Decisions on this authorisation"
      caption="Decisions on this authorisation"
      columns={['Decision', { label: 'Amount', numeric: true }, 'Status', 'By', 'When', 'Failure']}
    >
      {actions.map((action) => (
        <tr key={action.id}>
          <td>
            {action.kind === 'capture' ? 'Capture' : 'Release'}
            {action.reason && action.reason !== AUTHORIZATION_EXPIRING_REASON ? (
              <span className="cell-subtitle">
                {(AUTHORIZATION_CANCEL_REASONS as readonly string[]).includes(action.reason)
                  ? humanize(action.reason)
                  : action.reason}
              </span>
            ) : null}
          </td>
          <td className="numeric">{formatAmount(action.amount, action.currency)}</td>
          <td>
            <StatusBadge status={action.status} />
          </td>
          <td>{action.requestedBy?.email ?? 'Expiry sweep'}</td>
          <td className="nowrap">{formatInstant(action.createdAt)}</td>
          <td>{action.failureReason ?? '—'}</td>
        </tr>
      ))}
    </DataTable>
  );
}
