import type { Actor, StaffMember, StaffRepository } from '@storepay/db';
import { err, ok, type Result, type StaffRole } from '@storepay/payments-core';
import { auditBy, type Logger } from './ports';
import { notFound, type NotFound, type RefusalOf } from './refusals';
import type { PasswordHasher } from './sign-in';

export interface ManageStaffPorts {
  staff: Pick<StaffRepository, 'create' | 'update' | 'findCredentials' | 'countAdmins'>;
  passwords: Pick<PasswordHasher, 'hash'>;
}

export interface NewStaffInput {
  email: string;
  name: string;
  role: StaffRole;
  password: string;
}

/** An admin adds a staff member: the password hashed, the creation audited in the same transaction. */
export async function createStaff(
  ports: ManageStaffPorts,
  { member, actor }: { member: NewStaffInput; actor: Actor },
): Promise<Result<StaffMember, RefusalOf<'email_taken'>>> {
  const created = await ports.staff.create(
    {
      email: member.email,
      name: member.name,
      role: member.role,
      passwordHash: await ports.passwords.hash(member.password),
    },
    (made) =>
      auditBy(actor, {
        action: 'staff.created',
        targetType: 'staff',
        targetId: made.id,
        details: { email: made.email, role: made.role },
      }),
  );
  return created ? ok(created) : err({ kind: 'email_taken' });
}

/**
 * An admin changes a member's role or access. Nobody changes their own admin role or access (another admin must),
 * and the last active admin is never demoted or deactivated: checked under a lock on every active admin's row, so
 * two admins demoting each other at once cannot both succeed. Deactivating revokes the member's sessions.
 */
export async function updateStaff(
  ports: ManageStaffPorts,
  {
    id,
    change,
    actor,
  }: { id: string; change: { role?: StaffRole; active?: boolean }; actor: Actor & { role: StaffRole } },
): Promise<Result<StaffMember, NotFound | RefusalOf<'own_admin_role' | 'last_admin'>>> {
  const losesAdmin = (member: Pick<StaffMember, 'role' | 'active'>) =>
    member.role === 'admin' && member.active && (change.active === false || (change.role ?? 'admin') !== 'admin');
  if (id === actor.id && losesAdmin({ role: actor.role, active: true })) return err({ kind: 'own_admin_role' });
  const outcome = await ports.staff.update(id, (before, activeAdmins) =>
    losesAdmin(before) && activeAdmins <= 1
      ? { kind: 'refuse', refusal: { kind: 'last_admin' as const } }
      : {
          kind: 'apply',
          change,
          audit: (after) =>
            auditBy(actor, {
              action: 'staff.updated',
              targetType: 'staff',
              targetId: id,
              details: {
                before: { role: before.role, active: before.active },
                after: { role: after.role, active: after.active },
              },
            }),
        },
  );
  switch (outcome.kind) {
    case 'updated':
      return ok(outcome.after);
    case 'not_found':
      return err(notFound('staff member'));
    case 'refused':
      return err(outcome.refusal);
  }
}

/**
 * Adds a staff member outside any request (the first admin, `npm run staff`): the password hashed, and the creation
 * audited with how it was made, in one transaction. Null when the email is taken.
 */
export async function addStaffMember(
  ports: ManageStaffPorts,
  member: NewStaffInput,
  by: 'ADMIN_EMAIL' | 'cli',
): Promise<StaffMember | null> {
  return ports.staff.create(
    {
      email: member.email,
      name: member.name,
      role: member.role,
      passwordHash: await ports.passwords.hash(member.password),
    },
    (created) =>
      auditBy(null, {
        action: 'staff.created',
        targetType: 'staff',
        targetId: created.id,
        details: { email: created.email, role: created.role, by },
      }),
  );
}

/**
 * ADMIN_EMAIL / ADMIN_PASSWORD (or the demo admin): creates that admin when no staff member has the email yet. An
 * existing account is left as it is: changing the variables never resets a password someone has since changed.
 */
export async function ensureFirstAdmin(
  ports: ManageStaffPorts & { log: Logger },
  { email, password }: { email?: string; password?: string },
): Promise<void> {
  if (!email || !password) {
    if ((await ports.staff.countAdmins()) === 0) {
      ports.log.warn(
        {},
        'no admin yet: set ADMIN_EMAIL and ADMIN_PASSWORD, or run `npm run staff -- create --role admin`',
      );
    }
    return;
  }
  if (await ports.staff.findCredentials(email)) return;
  const created = await addStaffMember(ports, { email, name: 'Administrator', role: 'admin', password }, 'ADMIN_EMAIL');
  if (created) ports.log.info({ email: created.email }, 'created the first admin');
}
