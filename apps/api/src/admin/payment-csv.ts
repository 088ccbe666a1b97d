import type { PaymentExplorerRow } from '@storepay/db';
import { money, parseCurrency, toMajorUnitsString } from '@storepay/payments-core';

export const PAYMENT_CSV_COLUMNS = [
  'order_id',
  'created_at',
  'status',
  'payment_status',
  'payment_intent_id',
  'email',
  'currency',
  'amount',
  'amount_refunded',
  'card_brand',
  'card_last4',
] as const;

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled. A cell that a
 * spreadsheet would run as a formula (starting with = + - @, tab or carriage return) gets a leading apostrophe.
 */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvLine = (cells: (string | null)[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** Minor units as major units with the currency's exponent; a currency we do not know stays in minor units. */
function majorUnits(amount: number, currency: string): string {
  const code = parseCurrency(currency);
  return code ? toMajorUnitsString(money(amount, code)) : String(amount);
}

export function paymentCsvLine(row: PaymentExplorerRow): string {
  return csvLine([
    row.orderId,
    row.createdAt.toISOString(),
    row.status,
    row.paymentStatus,
    row.paymentIntentId,
    row.email,
    row.currency.toUpperCase(),
    majorUnits(row.amount, row.currency),
    majorUnits(row.amountRefunded, row.currency),
    row.cardBrand,
    row.cardLast4,
  ]);
}

const CHUNK_CHARS = 64 * 1024;

/**
 * The header row, then one line per row as the rows come (they are read a page at a time), in chunks of about
 * 64 KiB so a large export is neither held in memory nor written a line per socket write.
 */
export async function* paymentCsv(rows: AsyncIterable<PaymentExplorerRow>): AsyncGenerator<string> {
  let chunk = csvLine([...PAYMENT_CSV_COLUMNS]);
  for await (const row of rows) {
    chunk += paymentCsvLine(row);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
