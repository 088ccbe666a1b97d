import { describe, expect, it, vi } from 'vitest';
import { LOCKOUT, signIn, signOut, type PasswordHasher } from './sign-in';
import { inMemoryStaff } from './testing/in-memory-staff';
import { fixedClock } from './testing/in-memory-store';

/** Passwords "hashed" by a prefix: the rules under test are the use case's, not scrypt's. */
const nobody = vi.fn();
const passwords: PasswordHasher = {
  hash: async (password) => `hashed:${password}`,
  verify: async (password, stored) => stored === `hashed:${password}`,
  async verifyAgainstNobody() {
    nobody();
    return false;
  },
};

async function setup() {
  const clock = fixedClock();
  const store = inMemoryStaff(clock);
  let tokens = 0;
  const ports = {
    staff: store.staff,
    audit: store.auditLog,
    passwords,
    tokens: { newToken: () => `token-${++tokens}`, tokenHash: (token: string) => `sha:${token}` },
    clock,
    sessionTtlMs: 3_600_000,
  };
  const member = (await store.staff.create({
    email: 'ann@shop.test',
    name: 'Ann',
    role: 'support',
    passwordHash: 'hashed:correct horse battery',
  }))!;
  const attempt = (password: string, email = 'ANN@shop.test') => signIn(ports, { email, password, ip: '198.51.100.7' });
  return { store, ports, clock, member, attempt };
}

describe('signIn', () => {
  it('opens a session for the right password: only its hash stored, the sign-in audited', async () => {
    const { attempt, store, member, clock } = await setup();
    const signedIn = await attempt('correct horse battery');
    expect(signedIn).toMatchObject({
      ok: true,
      value: { staff: { id: member.id, email: 'ann@shop.test' }, token: 'token-1', csrfToken: 'token-2' },
    });
    expect(signedIn.ok && signedIn.value.expiresAt.getTime()).toBe(clock.now().getTime() + 3_600_000);
    expect([...store.sessions.keys()]).toEqual(['sha:token-1']);
    expect(store.audit.map((entry) => entry.action)).toEqual(['staff.signed_in']);
  });

  it('answers an unknown email like a wrong password, and spends a check on nobody', async () => {
    const { attempt, store } = await setup();
    nobody.mockClear();
    expect(await attempt('whatever', 'nobody@shop.test')).toEqual({
      ok: false,
      error: { kind: 'invalid_credentials' },
    });
    expect(nobody).toHaveBeenCalledOnce();
    expect(await attempt('wrong')).toEqual({ ok: false, error: { kind: 'invalid_credentials' } });
    expect(store.audit.map((entry) => entry.action)).toEqual(['staff.sign_in_failed']);
  });

  it(`locks the account after ${LOCKOUT.maxFailures} failures, even for the right password, until the lock ends`, async () => {
    const { attempt, store, clock } = await setup();
    for (let i = 0; i < LOCKOUT.maxFailures; i++) await attempt('wrong');
    expect(store.audit.at(-1)).toMatchObject({
      action: 'staff.locked_out',
      details: { failures: LOCKOUT.maxFailures },
    });
    expect(await attempt('correct horse battery')).toEqual({
      ok: false,
      error: { kind: 'account_locked', retryAfterSeconds: LOCKOUT.lockMs / 1000 },
    });
    clock.advance(LOCKOUT.lockMs);
    expect((await attempt('correct horse battery')).ok).toBe(true);
  });

  it('signs out: the session is revoked and the sign-out audited', async () => {
    const { attempt, ports, store } = await setup();
    const signedIn = await attempt('correct horse battery');
    if (!signedIn.ok) throw new Error('no session');
    const session = (await store.staff.findSession('sha:token-1'))!;
    await signOut(ports, { token: signedIn.value.token, session, ip: '198.51.100.7' });
    expect(await store.staff.findSession('sha:token-1')).toBeNull();
    expect(store.audit.at(-1)).toMatchObject({ action: 'staff.signed_out', actorEmail: 'ann@shop.test' });
  });
});
