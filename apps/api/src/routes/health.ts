import { apiErrorSchema } from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    { schema: { response: { 200: z.object({ status: z.literal('ok') }) } }, logLevel: 'warn' },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      schema: {
        response: { 200: z.object({ status: z.literal('ready'), database: z.string() }), 503: apiErrorSchema },
      },
      logLevel: 'warn',
    },
    async (request, reply) => {
      try {
        await app.db.ping();
        return { status: 'ready' as const, database: app.db.kind };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return reply.code(503).send({ error: { code: 'not_ready', message: 'The database is not reachable.' } });
      }
    },
  );
};
