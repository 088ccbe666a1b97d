import { Readable } from 'node:stream';
import { apiErrorSchema, paymentDetailSchema, paymentPageSchema } from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { orThrow } from '../http/errors';
import { actorOf, staffOf } from './access';
import { paymentCsv } from './payment-csv';
import { explorerFilters, paymentExportQuerySchema, paymentListQuerySchema } from './payment-query';

/** The payments explorer: a filtered, keyset-paginated list, its CSV export, and one payment's detail. */
export const paymentAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/admin/payments',
    {
      config: { access: 'viewer' },
      schema: { querystring: paymentListQuerySchema, response: { 200: paymentPageSchema, 400: apiErrorSchema } },
    },
    async (request) => {
      const { cursor, limit, ...filters } = request.query;
      return app.useCases.listPayments(
        { ...explorerFilters(filters), limit, after: cursor ?? null },
        staffOf(request).role,
      );
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
      const rows = await app.useCases.exportPayments({
        filters: explorerFilters(request.query),
        actor: actorOf(request),
      });
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
    async (request) => orThrow(await app.useCases.paymentDetail(request.params.id, staffOf(request).role)),
  );
};
