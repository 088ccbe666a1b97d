import { describe, expect, it, vi } from 'vitest';
import { createStaff, ensureFirstAdmin, updateStaff } from './manage-staff';
import { silentLogger } from './ports';
import { inMemoryStaff } from './testing/in-memory-staff';

const passwords = { hash: async (password: string) => `hashed:${password}` };

async function setup() {
  const store = inMemoryStaff();
  const ports = { staff: store.staff, passwords };
  const add = async (email: string, role: 'viewer' | 'support' | 'admin') =>
    (await store.staff.create({ email, name: email, role, passwordHash: 'x' }))!;
  const alice = await add('alice@shop.test', 'admin');
  const asActor = (member: typeof alice) => ({ id: member.id, email: member.email, role: member.role });
  return { store, ports, add, alice, asActor };
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
});
