import { parsePaymentSearch, paymentCursor, type PaymentExplorerQuery } from '@storepay/db';
import {
  MAX_PAYMENT_PAGE,
  ORDER_STATUSES,
  PAYMENT_DISPUTE_FILTERS,
  PAYMENT_SORTS,
  type OrderStatus,
} from '@storepay/payments-core';
import { z } from 'zod';
import { cursorParam } from '../http/cursor-param';

const statusList = z
  .string()
  .transform((value) => value.split(',').map((status) => status.trim()))
  .refine((statuses) => statuses.every((status) => (ORDER_STATUSES as readonly string[]).includes(status)), {
    error: `must be order statuses, comma-separated (${ORDER_STATUSES.join(', ')})`,
  })
  .transform((statuses) => [...new Set(statuses)] as OrderStatus[]);

/** An ISO date (`2026-11-01`, midnight UTC) or instant (`2026-11-01T10:00:00Z`). */
const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/, {
    error: 'must be an ISO date or instant',
  })
  .transform((value) => new Date(value))
  .refine((date) => !Number.isNaN(date.getTime()), { error: 'must be an ISO date or instant' });

const minorUnits = z
  .string()
  .regex(/^\d{1,9}$/, { error: 'must be a whole number of minor units (at most 999999999)' })
  .transform(Number);

const filterFields = {
  status: statusList.optional(),
  dispute: z
    .enum(PAYMENT_DISPUTE_FILTERS, { error: `must be one of ${PAYMENT_DISPUTE_FILTERS.join(', ')}` })
    .optional(),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, { error: 'must be a three-letter currency code' })
    .transform((value) => value.toLowerCase())
    .optional(),
  from: instant.optional(),
  to: instant.optional(),
  minAmount: minorUnits.optional(),
  maxAmount: minorUnits.optional(),
  q: z
    .string()
    .max(254, { error: 'is too long' })
    .transform((value, context) => {
      const search = parsePaymentSearch(value);
      if (!search) {
        context.addIssue({
          code: 'custom',
          message: 'must be an order id, a PaymentIntent id (pi_…), an email address or card last4 (4 digits)',
        });
        return z.NEVER;
      }
      return search;
    })
    .optional(),
  sort: z.enum(PAYMENT_SORTS, { error: `must be one of ${PAYMENT_SORTS.join(', ')}` }).default('created_desc'),
};

type Filters = z.infer<z.ZodObject<typeof filterFields>>;

/** Rules across fields, each reported on the field to fix. */
function checkRanges(query: Filters, context: z.RefinementCtx): void {
  const amountRange = query.minAmount !== undefined || query.maxAmount !== undefined;
  if (amountRange && !query.currency) {
    context.addIssue({ code: 'custom', path: ['currency'], message: 'is required with minAmount or maxAmount' });
  }
  if (query.minAmount !== undefined && query.maxAmount !== undefined && query.minAmount > query.maxAmount) {
    context.addIssue({ code: 'custom', path: ['maxAmount'], message: 'must not be less than minAmount' });
  }
  if (query.from && query.to && query.from >= query.to) {
    context.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  }
}

/** GET /api/admin/payments: the filters, a cursor and a page size. */
export const paymentListQuerySchema = z
  .object({
    ...filterFields,
    cursor: cursorParam(paymentCursor).optional(),
    limit: z.coerce
      .number({ error: `must be a number from 1 to ${MAX_PAYMENT_PAGE}` })
      .int({ error: `must be a number from 1 to ${MAX_PAYMENT_PAGE}` })
      .min(1, { error: `must be a number from 1 to ${MAX_PAYMENT_PAGE}` })
      .max(MAX_PAYMENT_PAGE, { error: `must be a number from 1 to ${MAX_PAYMENT_PAGE}` })
      .default(25),
  })
  .superRefine((query, context) => {
    checkRanges(query, context);
    if (query.cursor && query.cursor.sort !== query.sort) {
      context.addIssue({ code: 'custom', path: ['cursor'], message: 'is not a cursor from this list and sort' });
    }
  });

/** GET /api/admin/payments/export.csv: the same filters, every matching row. */
export const paymentExportQuerySchema = z.object(filterFields).superRefine(checkRanges);

/** The repository's query for validated filters (cursor and limit are the list route's business). */
export function explorerFilters(query: Filters): Omit<PaymentExplorerQuery, 'limit' | 'after'> {
  return {
    ...(query.status ? { statuses: query.status } : {}),
    ...(query.dispute ? { dispute: query.dispute } : {}),
    ...(query.currency ? { currency: query.currency } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.minAmount !== undefined ? { minAmount: query.minAmount } : {}),
    ...(query.maxAmount !== undefined ? { maxAmount: query.maxAmount } : {}),
    ...(query.q ? { search: query.q } : {}),
    sort: query.sort,
  };
}
