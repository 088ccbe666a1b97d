import { useStore } from '@nanostores/react';
import { ApiError } from '@storepay/payments-core';
import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { i18n } from '../i18n/i18n';
import { deleteAccount, downloadPersonalData } from './account-api';
import { setShopperSession } from './session';

export const messages = i18n('privacy', {
  title: 'Your data',
  downloadIntro:
    'Download a copy of everything we keep about you: your account, orders, payments, refunds, the emails we sent you and your sign-ins.',
  download: 'Download my data',
  downloading: 'Preparing your data…',
  deleteTitle: 'Delete your account',
  deleteIntro:
    'This deletes your account, your saved cards and your sign-ins, and removes your email and name from your orders. We keep the amounts, dates and numbers of your orders, as the law requires for our accounts. This cannot be undone.',
  confirmLabel: 'Type your email to confirm',
  delete: 'Delete my account',
  deleting: 'Deleting…',
  confirmMismatch: 'That is not the email of this account.',
  unavailable: 'We could not reach our payment provider. Nothing was deleted; please try again in a moment.',
  failed: 'Something went wrong. Please try again in a moment.',
});

/** "Download my data" and "Delete my account": the shopper's own copy of their data, and its erasure. */
export function PrivacyPanel({ email }: { email: string }) {
  const t = useStore(messages);
  const navigate = useNavigate();
  const confirmId = useId();
  const [downloading, setDownloading] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [confirmEmail, setConfirmEmail] = useState('');
  const [problem, setProblem] = useState<{ text: string; field?: boolean } | null>(null);

  async function download() {
    setDownloading(true);
    setProblem(null);
    try {
      const data = await downloadPersonalData();
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `my-data-${data.exportedAt.slice(0, 10)}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      setProblem({ text: t.failed });
    } finally {
      setDownloading(false);
    }
  }

  async function erase(event: FormEvent) {
    event.preventDefault();
    if (confirmEmail.trim().toLowerCase() !== email.toLowerCase()) {
      setProblem({ text: t.confirmMismatch, field: true });
      return;
    }
    setDeleting(true);
    setProblem(null);
    try {
      await deleteAccount(confirmEmail.trim());
      await navigate('/account/deleted', { replace: true });
      setShopperSession(null);
    } catch (error) {
      const field = error instanceof ApiError && error.status === 400;
      const unavailable = error instanceof ApiError && error.status === 503;
      setProblem({ text: field ? t.confirmMismatch : unavailable ? t.unavailable : t.failed, field });
      setDeleting(false);
    }
  }

  const fieldProblem = problem?.field ? problem.text : null;
  return (
    <section className="panel order-summary" aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">{t.title}</h2>
      {problem && !problem.field ? (
        <div className="form-alert" role="alert">
          {problem.text}
        </div>
      ) : null}
      <p>{t.downloadIntro}</p>
      <p>
        <button
          type="button"
          className="button button--secondary"
          disabled={downloading}
          onClick={() => void download()}
        >
          {downloading ? t.downloading : t.download}
        </button>
      </p>
      <h3>{t.deleteTitle}</h3>
      <p>{t.deleteIntro}</p>
      <form className="privacy-delete" onSubmit={(event) => void erase(event)} noValidate>
        <div className="field">
          <label htmlFor={confirmId}>{t.confirmLabel}</label>
          <input
            id={confirmId}
            type="email"
            autoComplete="off"
            value={confirmEmail}
            aria-invalid={fieldProblem ? true : undefined}
            aria-describedby={fieldProblem ? `${confirmId}-error` : undefined}
            onChange={(event) => setConfirmEmail(event.target.value)}
          />
          {fieldProblem ? (
            <p id={`${confirmId}-error`} className="field-error" role="alert">
              {fieldProblem}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button button--danger" disabled={deleting}>
          {deleting ? t.deleting : t.delete}
        </button>
      </form>
    </section>
  );
}
