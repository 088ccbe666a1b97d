import type { StaffMember, StaffRepository, StaffRole } from '@storepay/db';
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
  const created = await addStaffMember(staff, { email, name: 'Administrator', role: 'admin', password }, 'ADMIN_EMAIL');
  if (!created) return; // another process created it meanwhile
  log.info({ email: created.email }, 'created the first admin');
}

/**
 * Adds a staff member outside any request (the first admin, `npm run staff`): the password hashed, and the creation
 * audited with how it was made, in one transaction. Null when the email is taken.
 */
export async function addStaffMember(
  staff: StaffRepository,
  member: { email: string; name: string; role: StaffRole; password: string },
  by: 'ADMIN_EMAIL' | 'cli',
): Promise<StaffMember | null> {
  return staff.create(
    { email: member.email, name: member.name, role: member.role, passwordHash: await hashPassword(member.password) },
    (created) => ({
      actorId: null,
      actorEmail: null,
      action: 'staff.created',
      targetType: 'staff',
      targetId: created.id,
      details: { email: created.email, role: created.role, by },
    }),
  );
}
