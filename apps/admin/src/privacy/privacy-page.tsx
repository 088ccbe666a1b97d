import {
  erasureRequestSchema,
  privacyExportRequestSchema,
  type ErasureResult,
  type PersonalDataExport,
} from '@storepay/payments-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../api/api-client';
import { formatInstant } from '../app/format';
import { PageHeader } from '../app/page-states';
import { customerQueries } from '../customers/customer-queries';
import { paymentQueries } from '../payments/payment-queries';
import { erasePersonalData, exportFile, exportPersonalData } from './privacy-queries';

type ErasureField = 'email' | 'confirmEmail';
type FieldErrors = Partial<Record<ErasureField, string>>;

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function PrivacyPage() {
  return (
    <>
      <title>Privacy requests · Storepay Admin</title>
      <PageHeader
        title="Privacy requests"
        description="A person's data on their request, by their email (a guest's or an account's): a copy of it, or its erasure. Both are recorded in the audit log, without the email."
      />
      <ExportForm />
      <ErasureForm />
    </>
  );
}

/** One labelled input with its hint and its error (named by the label: "Email must be an email address"). */
function EmailField({
  id,
  name,
  label,
  value,
  error,
  hint,
  onChange,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  error: string | undefined;
  hint?: ReactNode;
  onChange: (value: string) => void;
}) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="email"
        autoComplete="off"
        spellCheck={false}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint ? (
        <span id={`${id}-hint`} className="field__hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="field__error">
          {label} {error}
        </span>
      ) : null}
    </div>
  );
}

/** A failed request that is not about one field: the API's message and its code, which staff can quote. */
function RequestError({ error, fallback }: { error: unknown; fallback: string }) {
  const apiError = error instanceof ApiError ? error : null;
  return (
    <div className="form-error form-grid__full" role="alert">
      <p>{apiError ? apiError.message : fallback}</p>
      {apiError ? <code>{apiError.code}</code> : null}
    </div>
  );
}

interface Download {
  url: string;
  filename: string;
  data: PersonalDataExport;
}

/** The person's data as a JSON file, made in the browser from the API's answer (it is not stored anywhere else). */
function ExportForm() {
  const ids = useId();
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<string | undefined>();
  const [download, setDownload] = useState<Download | null>(null);

  // Each export's object URL lives as long as it is offered.
  useEffect(() => {
    if (!download) return;
    return () => URL.revokeObjectURL(download.url);
  }, [download]);

  const exporter = useMutation({
    mutationFn: exportPersonalData,
    onSuccess: (data) => {
      const { blob, filename } = exportFile(data);
      setDownload({ url: URL.createObjectURL(blob), filename, data });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.fields?.email) setEmailError(error.fields.email);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDownload(null);
    const parsed = privacyExportRequestSchema.safeParse({ email: email.trim() });
    if (!parsed.success) {
      exporter.reset();
      setEmailError(parsed.error.issues[0]?.message ?? 'is not valid');
      return;
    }
    setEmailError(undefined);
    exporter.mutate(parsed.data.email);
  }

  const fieldError = exporter.error instanceof ApiError && exporter.error.fields?.email;
  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel__title">
        Export a person's data
      </h2>
      <form className="panel__body form-grid form-grid--wide" onSubmit={submit} noValidate>
        <p className="form-grid__full">
          Everything stored about them, as JSON: their account, orders, payments, refunds, disputes, the emails sent to
          them, their sign-ins and the Stripe events about them (listed, not copied). Send it to them through a channel
          you have checked is theirs.
        </p>
        {exporter.isError && !fieldError ? (
          <RequestError error={exporter.error} fallback="The data could not be exported." />
        ) : null}
        <EmailField
          id={`${ids}-email`}
          name="email"
          label="Email"
          value={email}
          error={emailError}
          hint="The email they ordered or signed in with."
          onChange={setEmail}
        />
        <div className="form-actions form-grid__full">
          <button type="submit" className="button" disabled={exporter.isPending}>
            {exporter.isPending ? 'Exporting…' : 'Export data'}
          </button>
        </div>
        {download ? <ExportSummary download={download} /> : null}
      </form>
    </section>
  );
}

function ExportSummary({ download }: { download: Download }) {
  const { data } = download;
  return (
    <div className="form-grid__full">
      <div className="notice" role="status">
        <p>
          The data of {data.email} is ready ({formatInstant(data.exportedAt)}):{' '}
          {data.account ? 'an account' : 'no account (a guest)'}, {count(data.orders.length, 'order', 'orders')},{' '}
          {count(data.payments.length, 'payment', 'payments')}, {count(data.refunds.length, 'refund', 'refunds')},{' '}
          {count(data.notifications.length, 'notification', 'notifications')}.
        </p>
      </div>
      <dl className="details" aria-label="Export summary">
        <div className="details__row">
          <dt>Account</dt>
          <dd>{data.account ? `Yes, since ${formatInstant(data.account.createdAt)}` : 'No (a guest)'}</dd>
        </div>
        <div className="details__row">
          <dt>Orders</dt>
          <dd>{data.orders.length}</dd>
        </div>
        <div className="details__row">
          <dt>Payments</dt>
          <dd>{data.payments.length}</dd>
        </div>
        <div className="details__row">
          <dt>Refunds</dt>
          <dd>{data.refunds.length}</dd>
        </div>
        <div className="details__row">
          <dt>Notifications</dt>
          <dd>{data.notifications.length}</dd>
        </div>
      </dl>
      <p className="form-actions">
        <a className="button button--secondary" href={download.url} download={download.filename}>
          Download {download.filename}
        </a>
      </p>
    </div>
  );
}

const EMPTY = { email: '', confirmEmail: '' };

/** The erasure: the email typed twice (a slip erases no one), what goes and what stays said before it is asked. */
function ErasureForm() {
  const ids = useId();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(EMPTY);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<{ email: string; result: ErasureResult } | null>(null);

  const erase = useMutation({
    mutationFn: erasePersonalData,
    onSuccess: (result, request) => {
      setDone({ email: request.email, result });
      setValues(EMPTY);
      // Their account is gone and their email out of every order: what is cached is out of date.
      void queryClient.invalidateQueries({ queryKey: customerQueries.all() });
      void queryClient.invalidateQueries({ queryKey: paymentQueries.all() });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.fields) {
        setFieldErrors({ email: error.fields.email, confirmEmail: error.fields.confirmEmail });
      }
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    const parsed = erasureRequestSchema.safeParse({
      email: values.email.trim(),
      confirmEmail: values.confirmEmail.trim(),
    });
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as ErasureField | undefined;
        if (field && !errors[field]) errors[field] = issue.message;
      }
      erase.reset();
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    erase.mutate(parsed.data);
  }

  const apiError = erase.error instanceof ApiError ? erase.error : null;
  const aboutAField = Boolean(apiError?.fields?.email || apiError?.fields?.confirmEmail);
  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel__title">
        Erase a person's data
      </h2>
      <form
        className="panel__body form-grid form-grid--wide"
        onSubmit={submit}
        noValidate
        aria-describedby={`${ids}-what`}
      >
        <div id={`${ids}-what`} className="form-grid__full form-stack">
          <p>
            <strong>Erased:</strong> their account, its sessions and sign-in links; their Stripe Customer and the cards
            saved to it (deleted at Stripe); their email, name, phone and card details in orders, payments, refund
            notes, emails sent and the Stripe events we received. Emails to them not sent yet are not sent.
          </p>
          <p>
            <strong>Kept:</strong> amounts, currencies, dates, statuses and ids of orders, payments and refunds, the
            financial record the law requires. The audit log records the request and its counts, never the email.
          </p>
          <p>This cannot be undone. Type their email twice to confirm.</p>
        </div>
        {erase.isError && !aboutAField ? (
          apiError?.status === 503 ? (
            <div className="form-error form-grid__full" role="alert">
              <p>
                Stripe could not be reached to delete their Stripe Customer, so nothing was erased. Try again in a
                moment.
              </p>
              <code>{apiError.code}</code>
            </div>
          ) : (
            <RequestError error={erase.error} fallback="The data could not be erased." />
          )
        ) : null}
        {done ? <ErasureSummary email={done.email} result={done.result} /> : null}
        <EmailField
          id={`${ids}-email`}
          name="email"
          label="Email"
          value={values.email}
          error={fieldErrors.email}
          onChange={(email) => setValues({ ...values, email })}
        />
        <EmailField
          id={`${ids}-confirmEmail`}
          name="confirmEmail"
          label="Email again"
          value={values.confirmEmail}
          error={fieldErrors.confirmEmail}
          hint="The same email, typed again."
          onChange={(confirmEmail) => setValues({ ...values, confirmEmail })}
        />
        <div className="form-actions form-grid__full">
          <button type="submit" className="button button--danger" disabled={erase.isPending}>
            {erase.isPending ? 'Erasing…' : 'Erase data'}
          </button>
        </div>
      </form>
    </section>
  );
}

function ErasureSummary({ email, result }: { email: string; result: ErasureResult }) {
  const nothing =
    !result.account &&
    !result.stripeCustomerDeleted &&
    result.orders + result.payments + result.refunds + result.notifications + result.stripeEvents + result.signIns ===
      0;
  const rows: [string, string][] = [
    ['Account', result.account ? 'Deleted' : 'None'],
    ['Stripe Customer', result.stripeCustomerDeleted ? 'Deleted, with its saved cards' : 'None'],
    ['Orders', `${result.orders} anonymised`],
    ['Payments', `${result.payments} anonymised`],
    ['Refunds', `${result.refunds} anonymised`],
    ['Notifications', `${result.notifications} anonymised`],
    ['Stripe events', `${result.stripeEvents} anonymised`],
    ['Sign-ins', `${result.signIns} deleted`],
  ];
  return (
    <div className="form-grid__full">
      <div className="notice" role="status">
        <p>
          {nothing
            ? `Nothing was stored about ${email}: nothing changed.`
            : `The data of ${email} is erased. What was kept no longer names them.`}
        </p>
      </div>
      <dl className="details" aria-label="Erasure result">
        {rows.map(([term, value]) => (
          <div key={term} className="details__row">
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
