import { Readable } from 'node:stream';
import {
  createPaymentDetailRepository,
  createPaymentExplorerRepository,
  decodePaymentCursor,
  encodePaymentCursor,
  type PaymentExplorerRow,
} from '@storepay/db';
import { apiErrorSchema, paymentDetailSchema, paymentPageSchema, type PaymentListItem } from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../errors';
import { paymentCsv } from './payment-csv';
import { paymentDetailView } from './payment-detail-view';
import { explorerFilters, paymentExportQuerySchema, paymentListQuerySchema } from './payment-query';

/** Rows per keyset page while exporting: the export never holds more than one page. */
export const EXPORT_PAGE_SIZE = 500;

const listItem = (row: PaymentExplorerRow): PaymentListItem => ({ ...row, createdAt: row.createdAt.toISOString() });

/** The payments explorer: a filtered, keyset-paginated list, its CSV export, and one payment's detail. */
export const paymentAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const explorer = createPaymentExplorerRepository(app.db.prisma);
  const details = createPaymentDetailRepository(app.db.prisma);

  app.get(
    '/api/admin/payments',
    {
      config: { access: 'viewer' },
      schema: { querystring: paymentListQuerySchema, response: { 200: paymentPageSchema, 400: apiErrorSchema } },
    },
    async (request) => {
      const { cursor, limit, ...filters } = request.query;
      const after = cursor ? decodePaymentCursor(cursor, filters.sort) : null;
      if (cursor && !after) {
        throw new HttpError(400, 'validation_failed', 'The request is invalid.', {
          cursor: 'is not a cursor from this list and sort',
        });
      }
      const page = await explorer.list({ ...explorerFilters(filters), limit, after });
      return { payments: page.rows.map(listItem), nextCursor: page.next ? encodePaymentCursor(page.next) : null };
    },
  );

  app.get(
    '/api/admin/payments/export.csv',
    {
      config: { access: 'viewer' },
      // No response schema: the body is a stream (errors still go through the app's error handler).
      schema: { querystring: paymentExportQuerySchema },
    },
    async (request, reply) => {
      const filters = explorerFilters(request.query);
      // Customer data leaving the system: who took it and with which filter is on record.
      await app.audit.record(request, { action: 'payments.exported', targetType: 'payments', details: { filters } });
      const rows = explorer.iterate(filters, EXPORT_PAGE_SIZE);
      const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '-');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="payments-${stamp}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(paymentCsv(rows)));
    },
  );

  app.get(
    '/api/admin/payments/:id',
    {
      config: { access: 'viewer' },
      schema: {
        params: z.object({ id: z.uuid({ error: 'must be an order id' }) }),
        response: { 200: paymentDetailSchema, 400: apiErrorSchema, 404: apiErrorSchema },
      },
    },
    async (request) => {
      const record = await details.find(request.params.id.toLowerCase());
      if (!record) throw new HttpError(404, 'not_found', 'No order has this id.');
      return paymentDetailView(record);
    },
  );
};
