import type { AuditRepository, StaffMember, StaffRepository, StaffSessionView } from '@storepay/db';
import { err, ok, type Result } from '@storepay/payments-core';
import type { Clock, FailureThrottle, RateLimits, ThrottleScope } from './ports';
import type { RefusalOf } from './refusals';

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

/** Failed sign-ins a scope may make before each next one waits, and how that wait grows (doubling, up to a cap). */
export interface ThrottleRule {
  free: number;
  baseMs: number;
  maxMs: number;
}

/**
 * The sign-in throttle. From one address against one account (the guesser's own pair), after 5 failures the next
 * attempt waits 30 s, then 1, 2, 4 … up to 15 minutes; against one account from anywhere it starts later and stops
 * at a minute, so whoever guesses from many addresses is slowed without anyone being able to keep the real owner
 * out for long; one address against many accounts is slowed like a pair.
 */
export const SIGN_IN_THROTTLE: Record<ThrottleScope, ThrottleRule> = {
  pair: { free: 5, baseMs: 30_000, maxMs: 15 * 60_000 },
  account: { free: 10, baseMs: 5_000, maxMs: 60_000 },
  address: { free: 20, baseMs: 30_000, maxMs: 15 * 60_000 },
};

/** The wait after the `failures`-th failure: none while free, then base, 2×base, 4×base … up to the cap. */
export function throttleWaitMs(failures: number, rule: ThrottleRule): number {
  if (failures <= rule.free) return 0;
  return Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(30, failures - rule.free - 1));
}

export interface SignInPorts {
  staff: Pick<StaffRepository, 'findCredentials' | 'signIn' | 'signOut'>;
  audit: Pick<AuditRepository, 'append'>;
  passwords: PasswordHasher;
  tokens: SessionTokens;
  clock: Clock;
  sessionTtlMs: number;
  limits: RateLimits;
  throttle: FailureThrottle;
  throttleRules?: Record<ThrottleScope, ThrottleRule>;
}

export interface SignedIn {
  staff: StaffMember;
  /** The session cookie's value (only its hash is stored). */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Emails are compared case-insensitively. */
const normalized = (email: string) => email.trim().toLowerCase();

/**
 * The throttle's keys for an email and address. The account's keys carry its generation, which an admin's unlock
 * bumps: every wait and count of that account, from every address, is forgotten at once.
 */
export async function throttleKeys(
  throttle: FailureThrottle,
  email: string,
  ip: string,
): Promise<Record<ThrottleScope, string>> {
  const account = `${await throttle.generation(normalized(email))}|${normalized(email)}`;
  return { account, pair: `${account}|${ip}`, address: ip };
}

/**
 * Staff sign-in. Every answer but a success is the same `invalid_credentials`, as slow as a real check: an unknown
 * or inactive email, a wrong password, and an attempt made while the throttle says wait (its password is not even
 * checked, and it does not count). Each failure counts against the email, the email from that address, and the
 * address; past each one's free failures the next attempt waits, the wait doubling (see SIGN_IN_THROTTLE). A wait
 * imposed on an account is audited. Above that, plain budgets of attempts per address and per email answer 429.
 * A success forgets the account's failures and creates the session, audited in the same transaction.
 */
export async function signIn(
  ports: SignInPorts,
  input: { email: string; password: string; ip: string; userAgent?: string },
): Promise<Result<SignedIn, RefusalOf<'invalid_credentials' | 'rate_limited'>>> {
  const rules = ports.throttleRules ?? SIGN_IN_THROTTLE;
  for (const [limit, key] of [
    ['sign_in_ip', input.ip],
    ['sign_in_account', normalized(input.email)],
  ] as const) {
    const retryAfterSeconds = await ports.limits.take(limit, key);
    if (retryAfterSeconds !== null) return err({ kind: 'rate_limited', limit, retryAfterSeconds });
  }
  const keys = await throttleKeys(ports.throttle, input.email, input.ip);
  const waits = await Promise.all(
    (Object.keys(keys) as ThrottleScope[]).map((scope) => ports.throttle.waitMs(scope, keys[scope])),
  );
  if (waits.some((wait) => wait > 0)) {
    await ports.passwords.verifyAgainstNobody(input.password);
    return err({ kind: 'invalid_credentials' });
  }

  const member = await ports.staff.findCredentials(input.email);
  const valid =
    member && member.active
      ? await ports.passwords.verify(input.password, member.passwordHash)
      : await ports.passwords.verifyAgainstNobody(input.password);
  if (!member || !member.active || !valid) {
    const imposed: { scope: ThrottleScope; failures: number; waitSeconds: number }[] = [];
    for (const scope of Object.keys(keys) as ThrottleScope[]) {
      const failures = await ports.throttle.fail(scope, keys[scope]);
      const wait = throttleWaitMs(failures, rules[scope]);
      if (wait > 0) {
        await ports.throttle.block(scope, keys[scope], wait);
        imposed.push({ scope, failures, waitSeconds: Math.ceil(wait / 1000) });
      }
    }
    if (member) {
      await ports.audit.append({
        actorId: null,
        actorEmail: null,
        action: imposed.length > 0 ? 'staff.locked_out' : 'staff.sign_in_failed',
        targetType: 'staff',
        targetId: member.id,
        details: imposed.length > 0 ? { waits: imposed } : { reason: member.active ? 'wrong_password' : 'inactive' },
        ip: input.ip,
      });
    }
    return err({ kind: 'invalid_credentials' });
  }

  await Promise.all([ports.throttle.clear('account', keys.account), ports.throttle.clear('pair', keys.pair)]);
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
  const { passwordHash: _hash, ...staff } = member;
  return ok({ staff, token, csrfToken, expiresAt });
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

export interface FindSessionPorts {
  staff: Pick<StaffRepository, 'findSession' | 'touchSession'>;
  tokens: Pick<SessionTokens, 'tokenHash'>;
  clock: Clock;
  sessionIdleMs: number;
}

/** How stale `lastSeenAt` may get before a request writes it again: one write a minute per session at most. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The live session of a cookie's token: not revoked, its member active, within its absolute lifetime, and used
 * within the idle timeout. A request notes its use (at most once a minute).
 */
export async function findSession(ports: FindSessionPorts, token: string): Promise<StaffSessionView | null> {
  const session = await ports.staff.findSession(ports.tokens.tokenHash(token));
  const now = ports.clock.now();
  if (!session || session.expiresAt <= now) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= ports.sessionIdleMs) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await ports.staff.touchSession(session.id, now);
  }
  return session;
}
