import type { DisputeTotals } from '@storepay/payments-core';
import { Detail } from './payment-detail/detail-list';
import { formatAmount } from './money-input';

const BUCKETS = [
  ['atRisk', 'At risk (open)'],
  ['won', 'Won'],
  ['lost', 'Lost'],
] as const;

/** Amounts per currency, largest first ("$1,200.00 · ¥5,000"); null when there are none. */
function perCurrency(totals: Record<string, number>): string | null {
  const entries = Object.entries(totals).filter(([, amount]) => amount > 0);
  if (entries.length === 0) return null;
  return entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amount]) => formatAmount(amount, currency))
    .join(' · ');
}

/** Whether any dispute is counted (so a page can leave the totals out when there is nothing to say). */
export function hasDisputeTotals(totals: DisputeTotals): boolean {
  return BUCKETS.some(([bucket]) => perCurrency(totals[bucket]) !== null);
}

/** Disputed amounts open, won and lost, per currency: the explorer's filtered totals and the disputes page's. */
export function DisputeTotalsList({ totals, label }: { totals: DisputeTotals; label: string }) {
  return (
    <dl className="details" aria-label={label}>
      {BUCKETS.map(([bucket, term]) => (
        <Detail key={bucket} term={term}>
          {perCurrency(totals[bucket])}
        </Detail>
      ))}
    </dl>
  );
}
