import {
  DISPUTE_EVIDENCE_FILE_FIELDS,
  DISPUTE_EVIDENCE_TEXT_FIELDS,
  MAX_DISPUTE_EVIDENCE_CHARACTERS,
  type DisputeEvidence,
  type DisputeEvidenceField,
  type DisputeView,
} from '@storepay/payments-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { ApiError } from '../api/api-client';
import { ConfirmPanel, WriteError } from '../app/confirm';
import { paymentQueries } from '../payments/payment-queries';
import { disputeQueries, saveEvidence, submitEvidence, uploadEvidenceFile } from './dispute-queries';
import {
  changedEvidence,
  EVIDENCE_FILE_TYPES,
  evidenceFileProblem,
  evidenceLabel,
  isLongField,
  type FileField,
} from './evidence-fields';

type Values = Partial<Record<DisputeEvidenceField, string>>;

const ALL_FIELDS = [...DISPUTE_EVIDENCE_TEXT_FIELDS, ...DISPUTE_EVIDENCE_FILE_FIELDS];
const numberFormat = new Intl.NumberFormat('en-US');

/** The API's complaint about a field: `fields.<name>` (evidence_invalid) or `fields['evidence.<name>']` (validation). */
function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError) || !error.fields) return undefined;
  return error.fields[field] ?? error.fields[`evidence.${field}`];
}

/** Keeps a saved or submitted dispute in the cache, and refreshes the list (its "Evidence" column). */
function useStoreDispute() {
  const queryClient = useQueryClient();
  return (view: DisputeView) => {
    queryClient.setQueryData(disputeQueries.detail(view.id).queryKey, view);
    void queryClient.invalidateQueries({ queryKey: disputeQueries.list().queryKey });
  };
}

/**
 * The evidence draft of an open dispute (support and admins): Stripe's text fields (textareas for the long ones)
 * and documents, each uploaded when chosen (PDF, JPEG or PNG, at most 5 MB, checked before anything is sent).
 * "Save draft" sends only the fields changed since the last save ('' clears one); "Submit evidence" saves what is
 * left, then submits the draft to Stripe, once.
 */
export function EvidenceForm({ dispute, onSubmitted }: { dispute: DisputeView; onSubmitted: () => void }) {
  const ids = useId();
  const queryClient = useQueryClient();
  const store = useStoreDispute();
  const [values, setValues] = useState<Values>(() =>
    Object.fromEntries(ALL_FIELDS.map((field) => [field, dispute.evidence[field] ?? ''])),
  );
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const changes = changedEvidence(dispute.evidence, values);
  const changed = Object.keys(changes).length;
  const characters = DISPUTE_EVIDENCE_TEXT_FIELDS.reduce((sum, field) => sum + (values[field]?.length ?? 0), 0);
  const set = (field: DisputeEvidenceField, value: string) => setValues((current) => ({ ...current, [field]: value }));

  const save = useMutation({
    mutationFn: (evidence: DisputeEvidence) => saveEvidence(dispute.id, evidence),
    onSuccess: (view, evidence) => {
      store(view);
      const count = Object.keys(evidence).length;
      setNotice(`Draft saved: ${count} ${count === 1 ? 'field' : 'fields'} changed. Nothing is sent to Stripe yet.`);
    },
  });

  const submit = useMutation({
    mutationFn: async (evidence: DisputeEvidence) => {
      // What is not saved yet is saved first: Stripe gets the draft as the page shows it.
      if (Object.keys(evidence).length > 0) store(await saveEvidence(dispute.id, evidence));
      return submitEvidence(dispute.id);
    },
    onSuccess: (view) => {
      setConfirming(false);
      store(view);
      void queryClient.invalidateQueries({ queryKey: paymentQueries.all() });
      onSubmitted();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: disputeQueries.all() });
      }
    },
  });

  const busy = save.isPending || submit.isPending;
  const failure = submit.error ?? save.error;

  function onSave(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    submit.reset();
    if (changed === 0) return setNotice('Nothing to save: no field changed since the last save.');
    setNotice(null);
    save.mutate(changes);
  }

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel__title">
        Evidence
      </h2>
      <form className="form-stack panel__body" aria-label="Dispute evidence" onSubmit={onSave} noValidate>
        <p className="muted">
          Write what answers the bank's reason, and attach documents. Save the draft as often as needed; submitting
          sends it to Stripe, once.
        </p>
        {notice ? (
          <div className="notice" role="status">
            <p>{notice}</p>
          </div>
        ) : null}
        {failure && !confirming ? (
          <WriteError
            error={failure}
            retryHint="Try again: nothing was lost."
            extra={fieldError(failure, 'evidence')}
          />
        ) : null}

        <fieldset className="evidence-fieldset">
          <legend>Text evidence</legend>
          {DISPUTE_EVIDENCE_TEXT_FIELDS.map((field) => {
            const id = `${ids}-${field}`;
            const error = fieldError(failure, field);
            const unsaved = changes[field] !== undefined;
            const describedBy = [unsaved ? `${id}-unsaved` : null, error ? `${id}-error` : null].filter(Boolean);
            const common = {
              id,
              name: field,
              value: values[field] ?? '',
              disabled: busy,
              'aria-invalid': error ? true : undefined,
              'aria-describedby': describedBy.length > 0 ? describedBy.join(' ') : undefined,
              onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set(field, event.target.value),
            };
            return (
              <div key={field} className={`field${isLongField(field) ? ' field--wide' : ''}`}>
                <label className="field__label" htmlFor={id}>
                  {evidenceLabel(field)}
                </label>
                {isLongField(field) ? (
                  <textarea rows={4} maxLength={20_000} {...common} />
                ) : (
                  <input type="text" maxLength={20_000} {...common} />
                )}
                {unsaved ? (
                  <span id={`${id}-unsaved`} className="field__hint">
                    Changed, not saved yet
                  </span>
                ) : null}
                {error ? (
                  <span id={`${id}-error`} className="field__error">
                    {error}
                  </span>
                ) : null}
              </div>
            );
          })}
          <p className="field__hint" aria-live="polite">
            {numberFormat.format(characters)} of {numberFormat.format(MAX_DISPUTE_EVIDENCE_CHARACTERS)} characters used
            (Stripe counts every text field together).
          </p>
        </fieldset>

        <fieldset className="evidence-fieldset">
          <legend>Documents</legend>
          <p className="field__hint">
            PDF, JPEG or PNG, at most 5 MB each. A document is uploaded as soon as you choose it.
          </p>
          {DISPUTE_EVIDENCE_FILE_FIELDS.map((field) => (
            <EvidenceFileInput
              key={field}
              disputeId={dispute.id}
              field={field}
              value={values[field] ?? ''}
              saved={dispute.evidence[field] ?? ''}
              disabled={busy}
              error={fieldError(failure, field)}
              onUploaded={(fileId) => {
                setNotice(null);
                set(field, fileId);
              }}
              onRemove={() => set(field, '')}
            />
          ))}
        </fieldset>

        {confirming ? (
          <ConfirmPanel
            title="Submit the evidence to Stripe?"
            confirmLabel="Submit to Stripe"
            busy={submit.isPending}
            onConfirm={() => {
              if (!submit.isPending) submit.mutate(changes);
            }}
            onCancel={() => setConfirming(false)}
            error={
              submit.isError ? (
                <WriteError
                  error={submit.error}
                  retryHint="Confirming again is safe."
                  extra={fieldError(submit.error, 'evidence')}
                />
              ) : null
            }
          >
            <p>
              Evidence can be submitted once: after this nothing can be changed, and Stripe sends it to the card's bank.
              {changed > 0 ? ` The ${changed} unsaved ${changed === 1 ? 'change is' : 'changes are'} saved first.` : ''}
            </p>
          </ConfirmPanel>
        ) : (
          <div className="form-actions">
            <button type="submit" className="button button--secondary" disabled={busy} aria-busy={save.isPending}>
              Save draft
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => {
                setNotice(null);
                save.reset();
                setConfirming(true);
              }}
            >
              Submit evidence
            </button>
            {save.isPending ? (
              <span role="status" className="muted">
                Saving the draft…
              </span>
            ) : null}
          </div>
        )}
      </form>
    </section>
  );
}

/**
 * One document field: choosing a file checks it (type, size) and uploads its bytes at once; the API keeps its id in
 * the draft. "Remove" clears the field with the next save.
 */
function EvidenceFileInput({
  disputeId,
  field,
  value,
  saved,
  disabled,
  error,
  onUploaded,
  onRemove,
}: {
  disputeId: string;
  field: FileField;
  value: string;
  saved: string;
  disabled: boolean;
  error?: string;
  onUploaded: (fileId: string) => void;
  onRemove: () => void;
}) {
  const id = useId();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const label = evidenceLabel(field);

  const upload = useMutation({
    mutationFn: (file: File) => uploadEvidenceFile(disputeId, field, file),
    onSuccess: ({ fileId }) => {
      // The API saved the file's id in the draft: the cached dispute says so too, so it is not an unsaved change.
      queryClient.setQueryData(disputeQueries.detail(disputeId).queryKey, (current) =>
        current ? { ...current, evidence: { ...current.evidence, [field]: fileId } } : current,
      );
      void queryClient.invalidateQueries({ queryKey: disputeQueries.detail(disputeId).queryKey });
      onUploaded(fileId);
    },
    onError: (uploadError) =>
      setProblem(
        uploadError instanceof ApiError
          ? (uploadError.fields?.file ?? uploadError.message)
          : 'The document could not be uploaded.',
      ),
  });

  function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    // Cleared so that choosing the same file again (after a fix or a failure) uploads it again.
    event.target.value = '';
    if (!file) return;
    const refused = evidenceFileProblem(file);
    setProblem(refused);
    if (!refused) upload.mutate(file);
  }

  const message = problem ?? error ?? null;
  return (
    <div className="field evidence-file">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        type="file"
        accept={EVIDENCE_FILE_TYPES.join(',')}
        disabled={disabled || upload.isPending}
        aria-invalid={message ? true : undefined}
        aria-describedby={`${id}-state${message ? ` ${id}-error` : ''}`}
        onChange={choose}
      />
      <span id={`${id}-state`} className="field__hint">
        {upload.isPending ? (
          <span role="status">Uploading {upload.variables.name}…</span>
        ) : value ? (
          <>
            Uploaded: <code>{value}</code>
          </>
        ) : saved ? (
          'Removed: takes effect when the draft is saved'
        ) : (
          'No document'
        )}
      </span>
      {value && !upload.isPending ? (
        <button type="button" className="link-button" disabled={disabled} onClick={onRemove}>
          Remove<span className="visually-hidden"> {label.toLowerCase()}</span>
        </button>
      ) : null}
      {message ? (
        <span id={`${id}-error`} className="field__error" role="alert">
          {message}
        </span>
      ) : null}
    </div>
  );
}
