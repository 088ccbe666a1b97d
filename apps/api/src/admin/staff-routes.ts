import {
  apiErrorSchema,
  createStaffRequestSchema,
  sessionsEndedSchema,
  staffListSchema,
  staffMemberSchema,
  updateStaffRequestSchema,
} from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { orThrow } from '../http/errors';
import { staffView } from '../use-cases/views';
import { actorOf } from './access';

const idParams = z.object({ id: z.uuid({ error: 'must be a staff id' }) });

/** Staff management: admins only. */
export const staffRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/admin/staff',
    { config: { access: 'admin' }, schema: { response: { 200: staffListSchema } } },
    async () => ({ staff: await app.useCases.listStaff() }),
  );

  app.post(
    '/api/admin/staff',
    {
      config: { access: 'admin' },
      schema: {
        body: createStaffRequestSchema,
        response: { 201: staffMemberSchema, 400: apiErrorSchema, 409: apiErrorSchema },
      },
    },
    async (request, reply) => {
      const created = orThrow(await app.useCases.createStaff({ member: request.body, actor: actorOf(request) }));
      return reply.code(201).send(staffView(created));
    },
  );

  app.patch(
    '/api/admin/staff/:id',
    {
      config: { access: 'admin' },
      schema: {
        params: idParams,
        body: updateStaffRequestSchema,
        response: { 200: staffMemberSchema, 400: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema },
      },
    },
    async (request) =>
      staffView(
        orThrow(
          await app.useCases.updateStaff({ id: request.params.id, change: request.body, actor: actorOf(request) }),
        ),
      ),
  );

  app.post(
    '/api/admin/staff/:id/password-reset',
    {
      config: { access: 'admin' },
      schema: { params: idParams, response: { 200: sessionsEndedSchema, 404: apiErrorSchema } },
    },
    async (request) =>
      orThrow(await app.useCases.forcePasswordReset({ id: request.params.id, actor: actorOf(request) })),
  );

  app.post(
    '/api/admin/staff/:id/unlock',
    { config: { access: 'admin' }, schema: { params: idParams, response: { 204: z.null(), 404: apiErrorSchema } } },
    async (request, reply) => {
      orThrow(await app.useCases.unlockStaff({ id: request.params.id, actor: actorOf(request) }));
      return reply.code(204).send(null);
    },
  );
};
