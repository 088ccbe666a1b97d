import { currencyExponent, type CurrencyCode } from '@storepay/payments-core';
import { useId, type ReactNode } from 'react';

/** The note staff may add to a write: kept in the audit log, so it asks for no personal details. */
export function NoteField({
  label,
  value,
  onChange,
  rows = 2,
  hint = 'Optional; kept in the audit log: no personal details.',
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={`${id}-note`}>
        {label}
      </label>
      <textarea
        id={`${id}-note`}
        name="note"
        rows={rows}
        maxLength={500}
        value={value}
        aria-describedby={`${id}-note-hint`}
        onChange={(event) => onChange(event.target.value)}
      />
      <span id={`${id}-note-hint`} className="field__hint">
        {hint}
      </span>
    </div>
  );
}

/**
 * An amount typed in the currency's major units (whole yen for JPY), with its unit, a hint, the error to fix, and a
 * button that fills in the most that is allowed.
 */
export function MoneyAmountField({
  label,
  value,
  currency,
  hint,
  error,
  onChange,
  fillLabel,
  onFill,
}: {
  label: string;
  value: string;
  currency: CurrencyCode;
  hint: ReactNode;
  error: string | null;
  onChange: (value: string) => void;
  fillLabel: string;
  onFill: () => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={`${id}-amount`}>
        {label}
      </label>
      <div className="input-with-unit">
        <input
          id={`${id}-amount`}
          name="amount"
          type="text"
          inputMode={currencyExponent(currency) === 0 ? 'numeric' : 'decimal'}
          autoComplete="off"
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-amount-hint${error ? ` ${id}-amount-error` : ''}`}
          onChange={(event) => onChange(event.target.value)}
        />
        <span className="input-with-unit__unit" aria-hidden="true">
          {currency.toUpperCase()}
        </span>
      </div>
      <span id={`${id}-amount-hint`} className="field__hint">
        {hint}
      </span>
      {error ? (
        <span id={`${id}-amount-error`} className="field__error">
          {error}
        </span>
      ) : null}
      <button type="button" className="link-button" onClick={onFill}>
        {fillLabel}
      </button>
    </div>
  );
}
