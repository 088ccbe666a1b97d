import type { Actor, AuditRepository, StaffMember, StaffRepository, StaffSessionView } from '@storepay/db';
import type { StaffMemberView } from '@storepay/payments-core';
import { err, ok, type Result, type StaffRole } from '@storepay/payments-core';
import { auditBy, type Clock, type FailureThrottle, type Logger, type RateLimits } from './ports';
import { notFound, type NotFound, type RefusalOf } from './refusals';
import { throttleKeys, type PasswordHasher } from './sign-in';
import { staffView } from './views';

export interface ManageStaffPorts {
  staff: Pick<StaffRepository, 'create' | 'update' | 'findCredentials' | 'countAdmins'>;
  passwords: Pick<PasswordHasher, 'hash'>;
}

/** The demo admin's password: published, so no account outside the demo may have it. */
export const DEMO_PASSWORD_PROBLEM = 'is the demo admin’s published password';

/** Why staff may not set `password` (null: they may). The length rules are the contract's; this adds the rest. */
export function passwordProblem(password: string, demoPassword: string): string | null {
  if (password.length < 12) return 'must be at least 12 characters';
  if (password.length > 256) return 'must be at most 256 characters';
  if (password === demoPassword) return DEMO_PASSWORD_PROBLEM;
  return null;
}

export interface NewStaffInput {
  email: string;
  name: string;
  role: StaffRole;
  password: string;
}

/**
 * An admin adds a staff member: the password hashed, the creation audited in the same transaction, and the admin
 * recorded as its creator (who can then never approve that account's refunds, nor it theirs).
 */
export async function createStaff(
  ports: ManageStaffPorts & { demoPassword: string },
  { member, actor }: { member: NewStaffInput; actor: Actor },
): Promise<Result<StaffMember, RefusalOf<'email_taken' | 'weak_password'>>> {
  const problem = passwordProblem(member.password, ports.demoPassword);
  if (problem) return err({ kind: 'weak_password', field: 'password', problem });
  const created = await ports.staff.create(
    {
      email: member.email,
      name: member.name,
      role: member.role,
      passwordHash: await ports.passwords.hash(member.password),
      createdById: actor.id,
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

export interface AccountPorts {
  staff: Pick<StaffRepository, 'findCredentialsById' | 'setPassword' | 'revokeSessions' | 'list'>;
  passwords: PasswordHasher;
  throttle: FailureThrottle;
  limits: RateLimits;
  clock: Clock;
  demoPassword: string;
}

/**
 * A member changes their own password: the current one must be right, the new one acceptable and different. Every
 * other session of theirs ends (the one making the change stays), a forced reset is cleared, and it is audited, in
 * one transaction.
 */
export async function changePassword(
  ports: AccountPorts,
  {
    session,
    currentPassword,
    newPassword,
    ip,
  }: { session: StaffSessionView; currentPassword: string; newPassword: string; ip: string },
): Promise<Result<{ sessionsEnded: number }, RefusalOf<'weak_password' | 'rate_limited'>>> {
  // A stolen session must not become a way to guess the password: attempts share the sign-in budget of the email.
  const retryAfterSeconds = await ports.limits.take('sign_in_account', session.staff.email);
  if (retryAfterSeconds !== null) return err({ kind: 'rate_limited', limit: 'sign_in_account', retryAfterSeconds });
  const member = await ports.staff.findCredentialsById(session.staff.id);
  if (!member || !(await ports.passwords.verify(currentPassword, member.passwordHash))) {
    return err({ kind: 'weak_password', field: 'currentPassword', problem: 'is not your current password' });
  }
  const problem =
    passwordProblem(newPassword, ports.demoPassword) ??
    (newPassword === currentPassword ? 'must differ from the current password' : null);
  if (problem) return err({ kind: 'weak_password', field: 'newPassword', problem });
  const sessionsEnded = await ports.staff.setPassword(
    member.id,
    await ports.passwords.hash(newPassword),
    { keepSessionId: session.id, mustChangePassword: false },
    auditBy({ ...member, ip }, { action: 'staff.password_changed', targetType: 'staff', targetId: member.id }),
  );
  return ok({ sessionsEnded });
}

/** "Sign out everywhere": every session of the member ends, this one included; audited. */
export async function signOutEverywhere(
  ports: Pick<AccountPorts, 'staff'>,
  { session, ip }: { session: StaffSessionView; ip: string },
): Promise<{ sessionsEnded: number }> {
  const ended = await ports.staff.revokeSessions(
    session.staff.id,
    { keepSessionId: null, requirePasswordChange: false },
    auditBy(
      { ...session.staff, ip },
      { action: 'staff.signed_out_everywhere', targetType: 'staff', targetId: session.staff.id },
    ),
  );
  return { sessionsEnded: ended ?? 0 };
}

/**
 * An admin forces a member's password reset (e.g. a suspected leak): every session of the member ends, and on their
 * next sign-in they can do nothing but change their password. The admin never learns or sets the new password, so
 * a reset cannot make anyone's account the admin's own. Audited.
 */
export async function forcePasswordReset(
  ports: Pick<AccountPorts, 'staff'>,
  { id, actor }: { id: string; actor: Actor },
): Promise<Result<{ sessionsEnded: number }, NotFound>> {
  const ended = await ports.staff.revokeSessions(
    id,
    { keepSessionId: null, requirePasswordChange: true },
    auditBy(actor, { action: 'staff.password_reset_forced', targetType: 'staff', targetId: id }),
  );
  return ended === null ? err(notFound('staff member')) : ok({ sessionsEnded: ended });
}

/**
 * An admin lifts the sign-in throttle of an account: its failures and waits, from every address, are forgotten (the
 * account's throttle generation moves on). Audited.
 */
export async function unlockStaff(
  ports: Pick<AccountPorts, 'staff' | 'throttle'> & { audit: Pick<AuditRepository, 'append'> },
  { id, actor }: { id: string; actor: Actor },
): Promise<Result<null, NotFound>> {
  const member = await ports.staff.findCredentialsById(id);
  if (!member) return err(notFound('staff member'));
  await ports.throttle.bump(member.email);
  await ports.audit.append(auditBy(actor, { action: 'staff.unlocked', targetType: 'staff', targetId: id }));
  return ok(null);
}

/** Every staff member, with the wait the sign-in throttle puts on their account. */
export async function listStaff(ports: Pick<AccountPorts, 'staff' | 'throttle' | 'clock'>): Promise<StaffMemberView[]> {
  const members = await ports.staff.list();
  return Promise.all(
    members.map(async (member) => {
      const { account } = await throttleKeys(ports.throttle, member.email, '');
      const wait = await ports.throttle.waitMs('account', account);
      return staffView(member, wait > 0 ? new Date(ports.clock.now().getTime() + wait) : null);
    }),
  );
}

/**
 * Outside the demo, no account may have the demo admin's published password (a database carried over from a demo,
 * an admin who chose it): the start-up refuses, naming the accounts. Their hashes are checked a few at a time.
 */
export async function refuseDemoPasswords(
  ports: { staff: Pick<StaffRepository, 'listPasswordHashes'>; passwords: Pick<PasswordHasher, 'verify'> },
  demoPassword: string,
): Promise<void> {
  const accounts = await ports.staff.listPasswordHashes();
  const found: string[] = [];
  for (let i = 0; i < accounts.length; i += 4) {
    const batch = accounts.slice(i, i + 4);
    const matches = await Promise.all(batch.map((a) => ports.passwords.verify(demoPassword, a.passwordHash)));
    batch.forEach((account, j) => matches[j] && found.push(account.email));
  }
  if (found.length > 0) {
    throw new Error(
      `refusing to start: ${found.join(', ')} ${found.length === 1 ? 'has' : 'have'} the demo admin's published ` +
        'password. Outside the demo that is an open door: change it (npm run staff -- reset-password --email ' +
        `${found[0]}) or deactivate the account.`,
    );
  }
}

/**
 * The operator's way back in (`npm run staff -- reset-password`, with access to the server): sets a password the
 * member must replace at their next sign-in, ends their sessions, and audits it. Null when no such member.
 */
export async function resetPasswordByOperator(
  ports: Pick<AccountPorts, 'staff' | 'passwords' | 'demoPassword'> & {
    staff: Pick<StaffRepository, 'findCredentials' | 'setPassword'>;
  },
  { email, password }: { email: string; password: string },
): Promise<Result<StaffMember, NotFound | RefusalOf<'weak_password'>>> {
  const problem = passwordProblem(password, ports.demoPassword);
  if (problem) return err({ kind: 'weak_password', field: 'password', problem });
  const member = await ports.staff.findCredentials(email);
  if (!member) return err(notFound('staff member'));
  await ports.staff.setPassword(
    member.id,
    await ports.passwords.hash(password),
    { keepSessionId: null, mustChangePassword: true },
    auditBy(null, { action: 'staff.password_reset', targetType: 'staff', targetId: member.id, details: { by: 'cli' } }),
  );
  const { passwordHash: _hash, ...rest } = member;
  return ok({ ...rest, mustChangePassword: true });
}
