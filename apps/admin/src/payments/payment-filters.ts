import {
  ORDER_STATUSES,
  PAYMENT_DISPUTE_FILTERS,
  PAYMENT_SORTS,
  parseCurrency,
  type OrderStatus,
  type PaymentDisputeFilter,
  type PaymentListFilters,
  type PaymentSort,
} from '@storepay/payments-core';
import { parseAmountInput } from './money-input';

/**
 * The explorer's filters as the page's URL carries them (so a view can be shared, and back/forward work).
 * Amounts stay in MAJOR units as typed ("12.50"); they become minor units only in the API query.
 */
export interface PaymentFilters {
  status: OrderStatus[];
  /** Only disputed payments (any, open, won or lost); empty: every payment. */
  dispute: PaymentDisputeFilter | '';
  currency: string;
  from: string;
  to: string;
  min: string;
  max: string;
  q: string;
  sort: PaymentSort;
}

export const DEFAULT_SORT: PaymentSort = 'created_desc';

export const EMPTY_FILTERS: PaymentFilters = {
  status: [],
  dispute: '',
  currency: '',
  from: '',
  to: '',
  min: '',
  max: '',
  q: '',
  sort: DEFAULT_SORT,
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the filters from a URL's search params; anything unknown or malformed is dropped. */
export function filtersFromSearch(search: URLSearchParams): PaymentFilters {
  const statuses = (search.get('status') ?? '')
    .split(',')
    .map((status) => status.trim())
    .filter((status): status is OrderStatus => (ORDER_STATUSES as readonly string[]).includes(status));
  const sort = search.get('sort') ?? '';
  const dispute = search.get('dispute') ?? '';
  const date = (name: string) => {
    const value = search.get(name) ?? '';
    return DATE.test(value) ? value : '';
  };
  return {
    status: ORDER_STATUSES.filter((status) => statuses.includes(status)),
    dispute: (PAYMENT_DISPUTE_FILTERS as readonly string[]).includes(dispute) ? (dispute as PaymentDisputeFilter) : '',
    currency: parseCurrency(search.get('currency') ?? '') ?? '',
    from: date('from'),
    to: date('to'),
    min: (search.get('min') ?? '').trim(),
    max: (search.get('max') ?? '').trim(),
    q: (search.get('q') ?? '').trim(),
    sort: (PAYMENT_SORTS as readonly string[]).includes(sort) ? (sort as PaymentSort) : DEFAULT_SORT,
  };
}

/** The filters as URL search params, leaving out what is empty or the default. */
export function filtersToSearch(filters: PaymentFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.status.length > 0) search.set('status', filters.status.join(','));
  if (filters.dispute) search.set('dispute', filters.dispute);
  if (filters.currency) search.set('currency', filters.currency);
  if (filters.from) search.set('from', filters.from);
  if (filters.to) search.set('to', filters.to);
  if (filters.min) search.set('min', filters.min);
  if (filters.max) search.set('max', filters.max);
  if (filters.q) search.set('q', filters.q);
  if (filters.sort !== DEFAULT_SORT) search.set('sort', filters.sort);
  return search;
}

export type FilterErrors = Partial<Record<'min' | 'max' | 'to', string>>;

/** Problems a person can fix in the form before anything is sent. */
export function validateFilters(filters: PaymentFilters): FilterErrors {
  const errors: FilterErrors = {};
  const currency = parseCurrency(filters.currency);
  for (const field of ['min', 'max'] as const) {
    if (!filters[field]) continue;
    if (!currency) {
      errors[field] = 'Choose a currency to filter by amount';
      continue;
    }
    const parsed = parseAmountInput(filters[field], currency);
    if (!parsed.ok) errors[field] = parsed.error;
  }
  if (filters.from && filters.to && filters.to < filters.from) errors.to = 'Must be on or after the start date';
  return errors;
}

/** The day after an ISO date (the API's `to` is exclusive; the form's "To" date is inclusive). */
function nextDay(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/**
 * The API query for the filters: amounts converted to the currency's minor units (12.50 USD → 1250, 1500 JPY → 1500,
 * 1.250 KWD → 1250); an amount that does not parse for the currency is left out (the form shows why).
 */
export function toApiFilters(filters: PaymentFilters): PaymentListFilters {
  const query: PaymentListFilters = {};
  if (filters.status.length > 0) query.status = filters.status.join(',');
  if (filters.dispute) query.dispute = filters.dispute;
  const currency = parseCurrency(filters.currency);
  if (currency) {
    query.currency = currency;
    for (const [field, apiField] of [
      ['min', 'minAmount'],
      ['max', 'maxAmount'],
    ] as const) {
      if (!filters[field]) continue;
      const parsed = parseAmountInput(filters[field], currency);
      if (parsed.ok) query[apiField] = String(parsed.minor);
    }
  }
  if (filters.from) query.from = filters.from;
  if (filters.to) query.to = nextDay(filters.to);
  if (filters.q) query.q = filters.q;
  query.sort = filters.sort;
  return query;
}

export function apiSearch(query: PaymentListFilters): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query) as [string, string | undefined][]) {
    if (value) search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
