import { describe, expect, it, vi } from 'vitest';
import {
  changePassword,
  createStaff,
  ensureFirstAdmin,
  forcePasswordReset,
  listStaff,
  passwordProblem,
  refuseDemoPasswords,
  signOutEverywhere,
  unlockStaff,
  updateStaff,
} from './manage-staff';
import { silentLogger } from './ports';
import { throttleKeys } from './sign-in';
import { inMemoryLimits } from './testing/in-memory-limits';
import { inMemoryStaff } from './testing/in-memory-staff';
import { fixedClock } from './testing/in-memory-store';

const DEMO = 'storepay-demo-admin';
const passwords = {
  hash: async (password: string) => `hashed:${password}`,
  verify: async (password: string, stored: string) => stored === `hashed:${password}`,
  verifyAgainstNobody: async () => false as const,
};

async function setup() {
  const clock = fixedClock();
  const store = inMemoryStaff(clock);
  const { throttle, limits } = inMemoryLimits(clock);
  const ports = { staff: store.staff, passwords, demoPassword: DEMO, throttle, limits, clock, audit: store.auditLog };
  const add = async (email: string, role: 'viewer' | 'support' | 'admin') =>
    (await store.staff.create({ email, name: email, role, passwordHash: 'x' }))!;
  const alice = await add('alice@shop.test', 'admin');
  const asActor = (member: typeof alice) => ({ id: member.id, email: member.email, role: member.role });
  return { store, ports, add, alice, asActor, clock, throttle };
}

describe('staff management', () => {
  it('creates a member with a hashed password, audited; an email in use (any case) is refused', async () => {
    const { ports, alice, asActor, store } = await setup();
    const member = { email: 'Bob@Shop.test', name: 'Bob', role: 'viewer' as const, password: 'a long passphrase' };
    expect(await createStaff(ports, { member, actor: asActor(alice) })).toMatchObject({
      ok: true,
      value: { email: 'bob@shop.test' },
    });
    expect(store.members.get([...store.members.keys()][1]!)?.passwordHash).toBe('hashed:a long passphrase');
    expect(store.audit.at(-1)).toMatchObject({ action: 'staff.created', actorId: alice.id });
    expect(await createStaff(ports, { member, actor: asActor(alice) })).toEqual({
      ok: false,
      error: { kind: 'email_taken' },
    });
    // Its creator is recorded: the four-eyes rule reads it.
    expect(store.members.get([...store.members.keys()][1]!)?.createdById).toBe(alice.id);
  });

  it('states what is wrong with a password', () => {
    expect(passwordProblem('short', DEMO)).toMatch(/12/);
    expect(passwordProblem('x'.repeat(300), DEMO)).toMatch(/256/);
    expect(passwordProblem(DEMO, DEMO)).toMatch(/demo/);
    expect(passwordProblem('long enough password', DEMO)).toBeNull();
  });

  it('refuses the demo admin’s published password for any account', async () => {
    const { ports, alice, asActor } = await setup();
    const member = { email: 'dan@shop.test', name: 'Dan', role: 'admin' as const, password: DEMO };
    expect(await createStaff(ports, { member, actor: asActor(alice) })).toEqual({
      ok: false,
      error: { kind: 'weak_password', field: 'password', problem: 'is the demo admin’s published password' },
    });
  });

  it('never lets an admin change their own admin role or access', async () => {
    const { ports, alice, asActor, add } = await setup();
    await add('carol@shop.test', 'admin');
    expect(await updateStaff(ports, { id: alice.id, change: { role: 'viewer' }, actor: asActor(alice) })).toEqual({
      ok: false,
      error: { kind: 'own_admin_role' },
    });
    expect(await updateStaff(ports, { id: alice.id, change: { active: false }, actor: asActor(alice) })).toMatchObject({
      ok: false,
    });
  });

  it('never demotes or deactivates the last active admin, and audits a change with before and after', async () => {
    const { ports, alice, asActor, add, store } = await setup();
    const carol = await add('carol@shop.test', 'admin');
    expect(
      await updateStaff(ports, { id: carol.id, change: { role: 'support' }, actor: asActor(alice) }),
    ).toMatchObject({
      ok: true,
      value: { role: 'support' },
    });
    expect(store.audit.at(-1)).toMatchObject({
      action: 'staff.updated',
      details: { before: { role: 'admin', active: true }, after: { role: 'support', active: true } },
    });
    const dave = await add('dave@shop.test', 'support');
    expect(await updateStaff(ports, { id: alice.id, change: { active: false }, actor: asActor(dave) })).toEqual({
      ok: false,
      error: { kind: 'last_admin' },
    });
    expect(
      await updateStaff(ports, {
        id: '00000000-0000-4000-8000-000000000000',
        change: { role: 'viewer' },
        actor: asActor(alice),
      }),
    ).toEqual({
      ok: false,
      error: { kind: 'not_found', what: 'staff member' },
    });
  });

  it('creates the first admin from the configuration once, and never touches an existing account', async () => {
    const store = inMemoryStaff();
    const log = { ...silentLogger, warn: vi.fn(), info: vi.fn() };
    const ports = { staff: store.staff, passwords, log };
    await ensureFirstAdmin(ports, {});
    expect(log.warn).toHaveBeenCalledOnce();
    await ensureFirstAdmin(ports, { email: 'owner@shop.test', password: 'first password' });
    await ensureFirstAdmin(ports, { email: 'OWNER@shop.test', password: 'changed since' });
    expect([...store.members.values()].map((member) => [member.email, member.role, member.passwordHash])).toEqual([
      ['owner@shop.test', 'admin', 'hashed:first password'],
    ]);
    expect(store.audit).toMatchObject([{ action: 'staff.created', actorId: null, details: { by: 'ADMIN_EMAIL' } }]);
  });

  describe('a member’s own account', () => {
    async function withSessions() {
      const context = await setup();
      const { store, alice } = context;
      store.members.get(alice.id)!.passwordHash = 'hashed:old passphrase!';
      for (const token of ['a', 'b', 'c']) {
        await store.staff.createSession({
          staffUserId: alice.id,
          tokenHash: token,
          csrfToken: 'csrf',
          expiresAt: new Date('2030-01-01'),
        });
      }
      const session = (await store.staff.findSession('a'))!;
      return { ...context, session };
    }

    it('changes the password: the current one checked, every other session ended, audited', async () => {
      const { ports, store, session, alice } = await withSessions();
      const change = (currentPassword: string, newPassword: string) =>
        changePassword(ports, { session, currentPassword, newPassword, ip: '198.51.100.1' });
      expect(await change('wrong', 'a new passphrase')).toMatchObject({
        error: { kind: 'weak_password', field: 'currentPassword' },
      });
      expect(await change('old passphrase!', 'short')).toMatchObject({
        error: { kind: 'weak_password', field: 'newPassword', problem: 'must be at least 12 characters' },
      });
      expect(await change('old passphrase!', DEMO)).toMatchObject({ error: { field: 'newPassword' } });
      expect(await change('old passphrase!', 'old passphrase!')).toMatchObject({
        error: { problem: 'must differ from the current password' },
      });
      expect(await change('old passphrase!', 'a new passphrase')).toEqual({ ok: true, value: { sessionsEnded: 2 } });
      expect(store.members.get(alice.id)!.passwordHash).toBe('hashed:a new passphrase');
      expect(await store.staff.findSession('a')).not.toBeNull();
      expect(await store.staff.findSession('b')).toBeNull();
      expect(store.audit.at(-1)).toMatchObject({
        action: 'staff.password_changed',
        actorId: alice.id,
        details: { sessionsEnded: 2 },
      });
    });

    it('signs out everywhere, this session included', async () => {
      const { ports, store, session } = await withSessions();
      expect(await signOutEverywhere(ports, { session, ip: '198.51.100.1' })).toEqual({ sessionsEnded: 3 });
      expect(await store.staff.findSession('a')).toBeNull();
      expect(store.audit.at(-1)).toMatchObject({ action: 'staff.signed_out_everywhere' });
    });

    it('lets an admin force a reset: sessions end and the member must change their password; audited', async () => {
      const { ports, store, alice, asActor, add } = await withSessions();
      const bob = await add('bob@shop.test', 'admin');
      expect(await forcePasswordReset(ports, { id: alice.id, actor: asActor(bob) })).toEqual({
        ok: true,
        value: { sessionsEnded: 3 },
      });
      expect(store.members.get(alice.id)!.mustChangePassword).toBe(true);
      expect(store.audit.at(-1)).toMatchObject({
        action: 'staff.password_reset_forced',
        actorId: bob.id,
        targetId: alice.id,
      });
      expect(await forcePasswordReset(ports, { id: crypto.randomUUID(), actor: asActor(bob) })).toMatchObject({
        error: { kind: 'not_found' },
      });
    });
  });

  it('lets an admin unlock an account: its waits from every address are forgotten, audited', async () => {
    const { ports, store, alice, asActor, add, throttle } = await setup();
    const bob = await add('bob@shop.test', 'support');
    const keys = await throttleKeys(throttle, bob.email, '203.0.113.5');
    await throttle.block('account', keys.account, 60_000);
    await throttle.block('pair', keys.pair, 900_000);
    const listed = await listStaff(ports);
    expect(listed.find((m) => m.id === bob.id)?.lockedUntil).toBe('2026-11-20T12:01:00.000Z');
    expect(await unlockStaff(ports, { id: bob.id, actor: asActor(alice) })).toEqual({ ok: true, value: null });
    const after = await throttleKeys(throttle, bob.email, '203.0.113.5');
    expect(await throttle.waitMs('account', after.account)).toBe(0);
    expect(await throttle.waitMs('pair', after.pair)).toBe(0);
    expect((await listStaff(ports)).find((m) => m.id === bob.id)?.lockedUntil).toBeNull();
    expect(store.audit.at(-1)).toMatchObject({ action: 'staff.unlocked', actorId: alice.id, targetId: bob.id });
  });

  it('refuses to start outside the demo while an account has the demo password, naming it', async () => {
    const { ports, store, add } = await setup();
    await expect(refuseDemoPasswords(ports, DEMO)).resolves.toBeUndefined();
    const carol = await add('carol@shop.test', 'admin');
    store.members.get(carol.id)!.passwordHash = `hashed:${DEMO}`;
    await expect(refuseDemoPasswords(ports, DEMO)).rejects.toThrow(/carol@shop\.test has the demo admin's published/);
  });
});
