import { useEffect, useId, useRef, type ReactNode } from 'react';
import { ApiError } from '../api/api-client';

interface ConfirmPanelProps {
  /** The question, which names the dialog ("Release the authorisation?"). */
  title: string;
  /** What happens, read with the title (it describes the dialog). */
  children: ReactNode;
  /** Extra fields (a reason, a note) between the text and the buttons. */
  fields?: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  busy?: boolean;
  /** Rendered above the buttons when the action failed. */
  error?: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * An inline confirmation for an action that cannot be undone: an alert dialog in the page (not a browser prompt),
 * focused when it opens, that says what will happen, then the confirm button and a way back.
 */
export function ConfirmPanel({
  title,
  children,
  fields,
  confirmLabel,
  cancelLabel = 'Cancel',
  busy = false,
  error,
  onConfirm,
  onCancel,
}: ConfirmPanelProps) {
  const ids = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div
      ref={ref}
      className="confirm"
      role="alertdialog"
      aria-labelledby={`${ids}-title`}
      aria-describedby={`${ids}-text`}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !busy) onCancel();
      }}
    >
      <p id={`${ids}-title`} className="confirm__title">
        {title}
      </p>
      <div id={`${ids}-text`} className="confirm__text">
        {children}
      </div>
      {fields ? <div className="form-stack">{fields}</div> : null}
      {error}
      <div className="form-actions">
        <button type="button" className="button button--danger" disabled={busy} aria-busy={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="button button--secondary" disabled={busy} onClick={onCancel}>
          {cancelLabel}
        </button>
      </div>
    </div>
  );
}

/** A failed write, as every form shows it: the API's message and code, and whether sending it again is safe. */
export function WriteError({ error, retryHint, extra }: { error: unknown; retryHint?: string; extra?: ReactNode }) {
  const apiError = error instanceof ApiError ? error : null;
  const retryable = !apiError || apiError.isRetryable;
  return (
    <div className="form-error" role="alert">
      <p>
        {apiError ? apiError.message : 'Something unexpected went wrong.'}
        {retryable && retryHint ? ` ${retryHint}` : ''}
        {extra ? <> {extra}</> : null}
      </p>
      {apiError ? <code>{apiError.code}</code> : null}
    </div>
  );
}
