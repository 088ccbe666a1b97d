import type { StaffRepository } from '@storepay/db';
import type { FastifyBaseLogger } from 'fastify';
import { hashPassword } from './passwords';

export interface FirstAdminOptions {
  staff: StaffRepository;
  email?: string;
  password?: string;
  log: FastifyBaseLogger;
}

/**
 * ADMIN_EMAIL / ADMIN_PASSWORD (or the demo admin): creates that admin when no staff member has the email yet. An
 * existing account is left as it is: changing the variables never resets a password someone has since changed.
 */
export async function ensureFirstAdmin({ staff, email, password, log }: FirstAdminOptions): Promise<void> {
  if (!email || !password) {
    if ((await staff.countAdmins()) === 0) {
      log.warn('no admin yet: set ADMIN_EMAIL and ADMIN_PASSWORD, or run `npm run staff -- create --role admin`');
    }
    return;
  }
  if (await staff.findCredentials(email)) return;
  const created = await staff.create(
    { email, name: 'Administrator', role: 'admin', passwordHash: await hashPassword(password) },
    (member) => ({
      actorId: null,
      actorEmail: null,
      action: 'staff.created',
      targetType: 'staff',
      targetId: member.id,
      details: { email: member.email, role: member.role, by: 'ADMIN_EMAIL' },
    }),
  );
  if (!created) return; // another process created it meanwhile
  log.info({ email: created.email }, 'created the first admin');
}
