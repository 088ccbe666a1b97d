import type { OrderStatus } from '@storepay/payments-core';
import { ADMIN_LOCALE } from '../catalog/price-columns';

const dateTime = new Intl.DateTimeFormat(ADMIN_LOCALE, { dateStyle: 'medium', timeStyle: 'short' });

/** An ISO instant for people ("Nov 26, 2026, 9:15 PM"); what does not parse is shown as sent. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** A duration in milliseconds, short: "850 ms", "12.3 s", "4 min", "2 h 5 min", "3 d 4 h". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return `${(rate * 100).toFixed(rate === 1 || rate === 0 ? 0 : 1)}%`;
}

/** snake_case values from the API in words: "partially_refunded" → "Partially refunded". */
export function humanize(value: string): string {
  const words = value.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A card as staff see it, "visa •••• 4242" (brand and last 4 digits are all Stripe gives); "—" without either. */
export function formatCard(brand: string | null | undefined, last4: string | null | undefined): string {
  return brand || last4 ? `${brand ?? 'card'} •••• ${last4 ?? '????'}` : '—';
}

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  pending: 'Pending',
  processing: 'Processing',
  requires_action: 'Requires action',
  authorized: 'Authorized',
  paid: 'Paid',
  failed: 'Failed',
  canceled: 'Canceled',
  partially_refunded: 'Partially refunded',
  refunded: 'Refunded',
  disputed: 'Disputed',
  expired: 'Expired',
};

/** A status as a coloured pill with its words (colour is never the only signal). */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className="badge" data-status={status}>
      {humanize(status)}
    </span>
  );
}
