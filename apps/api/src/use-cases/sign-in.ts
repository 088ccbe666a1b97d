import type { AuditRepository, LockoutPolicy, StaffMember, StaffRepository, StaffSessionView } from '@storepay/db';
import { err, ok, type Result } from '@storepay/payments-core';
import type { Clock } from './ports';
import type { RefusalOf } from './refusals';

/** Failed sign-ins in a row that lock an account, and for how long. */
export const LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 15 * 60 * 1000 };

/** Password hashing, behind a port so use-case tests need no scrypt. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** Spends the time of a real check, so an unknown email answers as slowly as a wrong password. */
  verifyAgainstNobody(password: string): Promise<false>;
}

/** Session secrets: a fresh token, and what of it is stored. */
export interface SessionTokens {
  newToken(): string;
  tokenHash(token: string): string;
}

export interface SignInPorts {
  staff: Pick<StaffRepository, 'findCredentials' | 'reserveSignInAttempt' | 'signIn' | 'signOut'>;
  audit: Pick<AuditRepository, 'append'>;
  passwords: PasswordHasher;
  tokens: SessionTokens;
  clock: Clock;
  sessionTtlMs: number;
  lockout?: LockoutPolicy;
}

export interface SignedIn {
  staff: StaffMember;
  /** The session cookie's value (only its hash is stored). */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/**
 * Staff sign-in. An unknown or inactive email and a wrong password answer alike (and take as long). Each attempt on
 * an account is reserved before the password is checked, so a burst of guesses gets at most `maxFailures` checks
 * before the account locks; every failed attempt is audited, and the one that locks says so. A success resets the
 * count and creates the session, audited in the same transaction.
 */
export async function signIn(
  ports: SignInPorts,
  input: { email: string; password: string; ip: string; userAgent?: string },
): Promise<Result<SignedIn, RefusalOf<'invalid_credentials' | 'account_locked'>>> {
  const lockout = ports.lockout ?? LOCKOUT;
  const member = await ports.staff.findCredentials(input.email);
  if (!member || !member.active) {
    await ports.passwords.verifyAgainstNobody(input.password);
    return err({ kind: 'invalid_credentials' });
  }
  const attempt = await ports.staff.reserveSignInAttempt(member.id, lockout);
  if (!attempt.allowed) {
    // As slow as a real check, so the answer's timing tells nothing more than its code.
    await ports.passwords.verifyAgainstNobody(input.password);
    const seconds = Math.ceil((attempt.lockedUntil.getTime() - ports.clock.now().getTime()) / 1000);
    return err({ kind: 'account_locked', retryAfterSeconds: Math.max(1, seconds) });
  }
  if (!(await ports.passwords.verify(input.password, member.passwordHash))) {
    await ports.audit.append({
      actorId: null,
      actorEmail: null,
      action: attempt.lastBeforeLock ? 'staff.locked_out' : 'staff.sign_in_failed',
      targetType: 'staff',
      targetId: member.id,
      details: attempt.lastBeforeLock
        ? { failures: lockout.maxFailures, lockedForSeconds: lockout.lockMs / 1000 }
        : { reason: 'wrong_password' },
      ip: input.ip,
    });
    return err({ kind: 'invalid_credentials' });
  }

  const token = ports.tokens.newToken();
  const csrfToken = ports.tokens.newToken();
  const expiresAt = new Date(ports.clock.now().getTime() + ports.sessionTtlMs);
  await ports.staff.signIn(
    {
      staffUserId: member.id,
      tokenHash: ports.tokens.tokenHash(token),
      csrfToken,
      expiresAt,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 500),
    },
    {
      actorId: member.id,
      actorEmail: member.email,
      action: 'staff.signed_in',
      targetType: 'staff',
      targetId: member.id,
      ip: input.ip,
    },
  );
  const { passwordHash: _hash, failedLoginCount: _failures, ...staff } = member;
  return ok({ staff: { ...staff, lockedUntil: null }, token, csrfToken, expiresAt });
}

/** Ends a session, audited in the same transaction. */
export async function signOut(
  ports: Pick<SignInPorts, 'staff' | 'tokens'>,
  { token, session, ip }: { token: string; session: StaffSessionView; ip: string },
): Promise<void> {
  await ports.staff.signOut(ports.tokens.tokenHash(token), {
    actorId: session.staff.id,
    actorEmail: session.staff.email,
    action: 'staff.signed_out',
    targetType: 'staff',
    targetId: session.staff.id,
    ip,
  });
}
