import { describe, expect, it, vi } from 'vitest';
import { findSession, SIGN_IN_THROTTLE, signIn, signOut, throttleWaitMs, type PasswordHasher } from './sign-in';
import { inMemoryLimits } from './testing/in-memory-limits';
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

async function setup(rules: Parameters<typeof inMemoryLimits>[1] = {}) {
  const clock = fixedClock();
  const store = inMemoryStaff(clock);
  const { limits, throttle } = inMemoryLimits(clock, rules);
  let tokens = 0;
  const ports = {
    limits,
    throttle,
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
  const attempt = (password: string, email = 'ANN@shop.test', ip = '198.51.100.7') =>
    signIn(ports, { email, password, ip });
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

  it('waits longer after each failure past the free ones: doubling, capped', () => {
    const rule = { free: 5, baseMs: 1_000, maxMs: 15 * 60_000 };
    expect([5, 6, 7, 8].map((n) => throttleWaitMs(n, rule))).toEqual([0, 1_000, 2_000, 4_000]);
    expect(throttleWaitMs(40, rule)).toBe(15 * 60_000);
    expect(throttleWaitMs(10_000, rule)).toBe(15 * 60_000);
  });

  it('throttles the guesser’s address without enumeration: a throttled attempt answers like a wrong password', async () => {
    const { attempt, store, clock } = await setup();
    const free = SIGN_IN_THROTTLE.pair.free;
    for (let i = 0; i < free; i++)
      expect(await attempt('wrong')).toMatchObject({ error: { kind: 'invalid_credentials' } });
    expect(store.audit.filter((e) => e.action === 'staff.locked_out')).toHaveLength(0);
    await attempt('wrong'); // the first failure past the free ones imposes a wait, audited
    expect(store.audit.at(-1)).toMatchObject({
      action: 'staff.locked_out',
      details: { waits: [{ scope: 'pair', failures: free + 1, waitSeconds: 30 }] },
    });
    // While it waits, even the right password answers exactly like a wrong one, and does not count.
    nobody.mockClear();
    expect(await attempt('correct horse battery')).toEqual({ ok: false, error: { kind: 'invalid_credentials' } });
    expect(nobody).toHaveBeenCalledOnce();
    // An unknown email is throttled alike (counted by email, whether or not it exists).
    for (let i = 0; i <= free; i++) await attempt('x', 'nobody@shop.test', '203.0.113.9');
    expect(await attempt('x', 'nobody@shop.test', '203.0.113.9')).toEqual({
      ok: false,
      error: { kind: 'invalid_credentials' },
    });
    clock.advance(SIGN_IN_THROTTLE.pair.baseMs);
    expect((await attempt('correct horse battery')).ok).toBe(true);
  });

  it('keeps the owner out for at most a minute, however many addresses guess', async () => {
    const { attempt, clock } = await setup();
    // 40 guesses from 40 addresses: each pair stays free, the account's waits reach their cap.
    for (let i = 0; i < 40; i++) {
      await attempt('wrong', 'ann@shop.test', `203.0.113.${i}`);
      clock.advance(SIGN_IN_THROTTLE.account.maxMs);
    }
    await attempt('wrong', 'ann@shop.test', '203.0.113.200');
    expect((await attempt('correct horse battery', 'ann@shop.test', '198.51.100.7')).ok).toBe(false);
    clock.advance(SIGN_IN_THROTTLE.account.maxMs);
    expect((await attempt('correct horse battery', 'ann@shop.test', '198.51.100.7')).ok).toBe(true);
  });

  it('answers 429 over the plain budgets of attempts per address and per email', async () => {
    const { attempt } = await setup({
      sign_in_ip: { points: 2, seconds: 60 },
      sign_in_account: { points: 3, seconds: 60 },
    });
    await attempt('wrong');
    await attempt('wrong');
    expect(await attempt('wrong')).toEqual({
      ok: false,
      error: { kind: 'rate_limited', limit: 'sign_in_ip', retryAfterSeconds: 60 },
    });
    expect(await attempt('wrong', 'ann@shop.test', '203.0.113.1')).toMatchObject({
      error: { kind: 'invalid_credentials' },
    });
    expect(await attempt('wrong', 'ann@shop.test', '203.0.113.2')).toMatchObject({
      error: { kind: 'rate_limited', limit: 'sign_in_account' },
    });
  });

  it('ends a session after its idle timeout, and notes its use at most once a minute', async () => {
    const { attempt, store, clock } = await setup();
    const signedIn = await attempt('correct horse battery');
    if (!signedIn.ok) throw new Error('no session');
    const ports = {
      staff: store.staff,
      tokens: { tokenHash: (t: string) => `sha:${t}` },
      clock,
      sessionIdleMs: 600_000,
    };
    clock.advance(30_000);
    expect(await findSession(ports, signedIn.value.token)).not.toBeNull();
    expect(store.sessions.get('sha:token-1')!.lastSeenAt).toEqual(new Date(clock.now().getTime() - 30_000));
    clock.advance(500_000);
    expect(await findSession(ports, signedIn.value.token)).not.toBeNull();
    expect(store.sessions.get('sha:token-1')!.lastSeenAt).toEqual(clock.now());
    clock.advance(600_000);
    expect(await findSession(ports, signedIn.value.token)).toBeNull();
  });

  it('ends a session at its absolute lifetime, however busy', async () => {
    const { attempt, store, clock } = await setup();
    const signedIn = await attempt('correct horse battery');
    if (!signedIn.ok) throw new Error('no session');
    const ports = {
      staff: store.staff,
      tokens: { tokenHash: (t: string) => `sha:${t}` },
      clock,
      sessionIdleMs: 600_000,
    };
    for (let i = 0; i < 6; i++) {
      clock.advance(540_000);
      expect(await findSession(ports, signedIn.value.token)).not.toBeNull();
    }
    clock.advance(540_000); // 63 minutes in: past the 1-hour lifetime
    expect(await findSession(ports, signedIn.value.token)).toBeNull();
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
