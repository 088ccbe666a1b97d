import {
  CURRENCY_CODES,
  ORDER_STATUSES,
  PAYMENT_DISPUTE_FILTERS,
  PAYMENT_SORTS,
  parseCurrency,
  type PaymentDisputeFilter,
  type PaymentSort,
} from '@storepay/payments-core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { DataTable, Panel } from '../app/data-table';
import { EmptyState, PageHeader } from '../app/page-states';
import { LoadMore, QueryState } from '../app/query-state';
import { formatCard, formatInstant, ORDER_STATUS_LABELS, StatusBadge } from '../app/format';
import { DisputeTotalsList, hasDisputeTotals } from './dispute-totals';
import { decimalsHint, formatAmount } from './money-input';
import {
  EMPTY_FILTERS,
  filtersFromSearch,
  filtersToSearch,
  toApiFilters,
  validateFilters,
  type FilterErrors,
  type PaymentFilters,
} from './payment-filters';
import { paymentQueries, paymentsCsvUrl } from './payment-queries';

const DISPUTE_LABELS: Record<PaymentDisputeFilter | '', string> = {
  '': 'Any payment',
  any: 'Disputed',
  open: 'Dispute open',
  won: 'Dispute won',
  lost: 'Dispute lost',
};

const SORT_LABELS: Record<PaymentSort, string> = {
  created_desc: 'Newest first',
  created_asc: 'Oldest first',
  amount_desc: 'Largest amount first',
  amount_asc: 'Smallest amount first',
};

export function PaymentsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = filtersFromSearch(searchParams);
  const apiFilters = toApiFilters(filters);
  const payments = useInfiniteQuery(paymentQueries.list(apiFilters));
  const rows = payments.data?.pages.flatMap((page) => page.payments) ?? [];
  // Every page carries the totals of all that the filters match; the first page's are as fresh as any.
  const disputeTotals = payments.data?.pages[0]?.disputeTotals;
  const filtered = filtersToSearch(filters).size > 0;

  function apply(next: PaymentFilters) {
    setSearchParams(filtersToSearch(next));
  }

  return (
    <>
      <title>Payments · Storepay Admin</title>
      <PageHeader
        title="Payments"
        description="Every order and its PaymentIntent. Filter, sort, open one to see its history or refund it."
        actions={
          <a className="button button--secondary" href={paymentsCsvUrl(apiFilters)} download>
            Export CSV
          </a>
        }
      />
      {/* Remounts when the URL changes (back/forward, a shared link), so the form always shows the URL's filters. */}
      <PaymentFilterForm key={searchParams.toString()} initial={filters} onApply={apply} />

      <QueryState
        query={payments}
        loading="Loading payments…"
        errorTitle="Couldn't load payments"
        isEmpty={() => rows.length === 0}
        empty={
          <EmptyState title={filtered ? 'No payments match these filters' : 'No payments yet'}>
            {filtered ? (
              <button type="button" className="button button--secondary" onClick={() => apply(EMPTY_FILTERS)}>
                Clear filters
              </button>
            ) : (
              <p>Payments appear here once customers check out in the storefront.</p>
            )}
          </EmptyState>
        }
      >
        {() => (
          <>
            {disputeTotals && (filters.dispute || hasDisputeTotals(disputeTotals)) ? (
              <Panel id="payments-disputes" title="Disputes of these payments">
                <DisputeTotalsList totals={disputeTotals} label="Dispute totals" />
              </Panel>
            ) : null}
            <Panel
              id="payments-count"
              title={`${rows.length === 1 ? '1 payment' : `${rows.length} payments`}${payments.hasNextPage ? ' shown, more available' : ''}`}
            >
              <DataTable
                label="Payments table"
                caption="Payments"
                columns={[
                  'Payment',
                  'Customer',
                  { label: 'Amount', numeric: true },
                  { label: 'Refunded', numeric: true },
                  'Status',
                  'Card',
                  'Created',
                ]}
              >
                {rows.map((payment) => (
                  <tr key={payment.orderId}>
                    <th scope="row">
                      <Link to={`/payments/${payment.orderId}`} className="cell-title">
                        <span className="visually-hidden">Payment </span>
                        {payment.orderId.slice(0, 8)}
                      </Link>
                      <code className="cell-subtitle">{payment.paymentIntentId ?? 'no PaymentIntent'}</code>
                    </th>
                    <td>{payment.email}</td>
                    <td className="numeric">{formatAmount(payment.amount, payment.currency)}</td>
                    <td className="numeric">
                      {payment.amountRefunded > 0 ? formatAmount(payment.amountRefunded, payment.currency) : '—'}
                    </td>
                    <td>
                      <StatusBadge status={payment.status} />
                    </td>
                    <td>{formatCard(payment.cardBrand, payment.cardLast4)}</td>
                    <td className="nowrap">{formatInstant(payment.createdAt)}</td>
                  </tr>
                ))}
              </DataTable>
              <LoadMore query={payments} what="payments" />
            </Panel>
          </>
        )}
      </QueryState>
    </>
  );
}

function PaymentFilterForm({
  initial,
  onApply,
}: {
  initial: PaymentFilters;
  onApply: (filters: PaymentFilters) => void;
}) {
  const [draft, setDraft] = useState<PaymentFilters>(initial);
  const [errors, setErrors] = useState<FilterErrors>({});
  const ids = useId();
  const currency = parseCurrency(draft.currency);

  function update<K extends keyof PaymentFilters>(key: K, value: PaymentFilters[K]) {
    setDraft((current) => ({ ...current, [key]: value }));
  }

  function toggleStatus(status: (typeof ORDER_STATUSES)[number], checked: boolean) {
    setDraft((current) => ({
      ...current,
      status: ORDER_STATUSES.filter((candidate) =>
        candidate === status ? checked : current.status.includes(candidate),
      ),
    }));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = { ...draft, q: draft.q.trim(), min: draft.min.trim(), max: draft.max.trim() };
    const found = validateFilters(trimmed);
    setErrors(found);
    if (Object.keys(found).length === 0) onApply(trimmed);
  }

  const amountHint = currency
    ? `In ${currency.toUpperCase()}, ${decimalsHint(currency)}.`
    : 'Choose a currency first; amounts are in its major units.';

  return (
    <form className="panel filters" aria-label="Payment filters" onSubmit={submit} noValidate>
      <fieldset className="filters__statuses">
        <legend>Status</legend>
        <div className="checkbox-grid">
          {ORDER_STATUSES.map((status) => (
            <label key={status} className="checkbox">
              <input
                type="checkbox"
                name="status"
                value={status}
                checked={draft.status.includes(status)}
                onChange={(event) => toggleStatus(status, event.target.checked)}
              />
              {ORDER_STATUS_LABELS[status]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="filters__grid">
        <label className="field field--wide">
          <span className="field__label">Search</span>
          <input
            type="search"
            name="q"
            placeholder="Order id, pi_…, email or card last 4"
            value={draft.q}
            onChange={(event) => update('q', event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">Disputes</span>
          <select
            name="dispute"
            value={draft.dispute}
            onChange={(event) => update('dispute', event.target.value as PaymentDisputeFilter | '')}
          >
            {(['', ...PAYMENT_DISPUTE_FILTERS] as const).map((dispute) => (
              <option key={dispute} value={dispute}>
                {DISPUTE_LABELS[dispute]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">Currency</span>
          <select name="currency" value={draft.currency} onChange={(event) => update('currency', event.target.value)}>
            <option value="">Any currency</option>
            {CURRENCY_CODES.map((code) => (
              <option key={code} value={code}>
                {code.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <AmountField
          id={`${ids}-min`}
          label="Minimum amount"
          value={draft.min}
          error={errors.min}
          hint={amountHint}
          onChange={(value) => update('min', value)}
        />
        <AmountField
          id={`${ids}-max`}
          label="Maximum amount"
          value={draft.max}
          error={errors.max}
          hint={amountHint}
          onChange={(value) => update('max', value)}
        />
        <label className="field">
          <span className="field__label">From</span>
          <input type="date" name="from" value={draft.from} onChange={(event) => update('from', event.target.value)} />
        </label>
        <div className="field">
          <label className="field__label" htmlFor={`${ids}-to`}>
            To
          </label>
          <input
            id={`${ids}-to`}
            type="date"
            name="to"
            value={draft.to}
            aria-invalid={errors.to ? true : undefined}
            aria-describedby={errors.to ? `${ids}-to-error` : undefined}
            onChange={(event) => update('to', event.target.value)}
          />
          {errors.to ? (
            <span id={`${ids}-to-error`} className="field__error">
              {errors.to}
            </span>
          ) : null}
        </div>
        <label className="field">
          <span className="field__label">Sort</span>
          <select
            name="sort"
            value={draft.sort}
            onChange={(event) => update('sort', event.target.value as PaymentSort)}
          >
            {PAYMENT_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {SORT_LABELS[sort]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="filters__actions">
        <button type="submit" className="button">
          Apply filters
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setDraft(EMPTY_FILTERS);
            setErrors({});
            onApply(EMPTY_FILTERS);
          }}
        >
          Reset
        </button>
      </div>
    </form>
  );
}

function AmountField({
  id,
  label,
  value,
  error,
  hint,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  error: string | undefined;
  hint: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        onChange={(event) => onChange(event.target.value)}
      />
      <span id={`${id}-hint`} className="field__hint">
        {hint}
      </span>
      {error ? (
        <span id={`${id}-error`} className="field__error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
