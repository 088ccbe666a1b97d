import {
  apiErrorSchema,
  createStaffRequestSchema,
  staffListSchema,
  staffMemberSchema,
  updateStaffRequestSchema,
} from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../errors';
import { staffOf } from './access';
import { hashPassword } from './passwords';
import { staffView } from './views';

const idParams = z.object({ id: z.uuid({ error: 'must be a staff id' }) });

/** Staff management: admins only. The last active admin can neither be demoted nor deactivated. */
export const staffRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/admin/staff',
    { config: { access: 'admin' }, schema: { response: { 200: staffListSchema } } },
    async () => ({ staff: (await app.staff.list()).map(staffView) }),
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
      const { email, name, role, password } = request.body;
      const created = await app.staff.create(
        { email, name, role, passwordHash: await hashPassword(password) },
        (member) =>
          app.audit.entry(request, {
            action: 'staff.created',
            targetType: 'staff',
            targetId: member.id,
            details: { email: member.email, role: member.role },
          }),
      );
      if (!created)
        throw new HttpError(409, 'email_taken', 'A staff member with this email exists.', { email: 'is taken' });
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
    async (request) => {
      const { id } = request.params;
      const change = request.body;
      const ownAdminRole =
        id === staffOf(request).id && (change.active === false || (change.role ?? 'admin') !== 'admin');
      if (ownAdminRole && staffOf(request).role === 'admin') {
        throw new HttpError(409, 'own_admin_role', 'Ask another admin to change your own role or access.');
      }
      const outcome = await app.staff.update(id, change, (before, after) =>
        app.audit.entry(request, {
          action: 'staff.updated',
          targetType: 'staff',
          targetId: id,
          details: {
            before: { role: before.role, active: before.active },
            after: { role: after.role, active: after.active },
          },
        }),
      );
      if (outcome.kind === 'not_found') throw new HttpError(404, 'not_found', 'No staff member has this id.');
      if (outcome.kind === 'last_admin') {
        throw new HttpError(409, 'last_admin', 'This is the last active admin: make another admin first.');
      }
      const { after } = outcome;
      return staffView(after);
    },
  );
};
