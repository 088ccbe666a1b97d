import { describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import { STAFF_ROLES, type StaffRole } from '@storepay/payments-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../app';
import { DEFAULT_RATE_LIMITS } from '../config';
import { SIGN_IN_THROTTLE } from '../use-cases/sign-in';
import { asStaff, createTestStaff, type TestStaff, startAdminTestSystem, type AdminTestSystem } from './test-kit';

const ZERO_UUID = '00000000-0000-4000-8000-000000000000';

/**
 * Who may call each admin route, written out here (not read from the routes' own declarations, which are what is
 * under test): a route added without a row here fails the matrix.
 */
const ROUTE_ROLES: Record<string, StaffRole> = {
  'GET /api/admin/session': 'viewer',
  'DELETE /api/admin/session': 'viewer',
  'POST /api/admin/session/password': 'viewer',
  'POST /api/admin/sessions/revoke': 'viewer',
  'GET /api/admin/staff': 'admin',
  'POST /api/admin/staff': 'admin',
  'PATCH /api/admin/staff/:id': 'admin',
  'POST /api/admin/staff/:id/password-reset': 'admin',
  'POST /api/admin/staff/:id/unlock': 'admin',
  'GET /api/admin/audit': 'admin',
  'GET /api/admin/webhooks/health': 'viewer',
  'GET /api/admin/webhooks/events': 'viewer',
  'POST /api/admin/webhooks/events/:id/replay': 'admin',
  'POST /api/admin/webhooks/events/replay': 'admin',
  'GET /api/admin/reconciliations': 'viewer',
  'POST /api/admin/reconciliations': 'admin',
  'GET /api/admin/payments': 'viewer',
  'GET /api/admin/payments/export.csv': 'viewer',
  'GET /api/admin/payments/:id': 'viewer',
  'POST /api/admin/payments/:id/refunds': 'support',
  'POST /api/admin/payments/:id/capture': 'support',
  'POST /api/admin/payments/:id/cancel': 'support',
  'GET /api/admin/authorizations': 'viewer',
  'GET /api/admin/reviews': 'viewer',
  'POST /api/admin/reviews/:id/approve': 'support',
  'POST /api/admin/reviews/:id/refuse': 'support',
  'GET /api/admin/early-fraud-warnings': 'viewer',
  'GET /api/admin/disputes': 'viewer',
  'GET /api/admin/disputes/:id': 'viewer',
  'PUT /api/admin/disputes/:id/evidence': 'support',
  'POST /api/admin/disputes/:id/files': 'support',
  'POST /api/admin/disputes/:id/submit': 'support',
  'GET /api/admin/refunds': 'viewer',
  'POST /api/admin/refunds/:id/approve': 'admin',
  'POST /api/admin/refunds/:id/reject': 'admin',
  'POST /api/admin/refunds/:id/send': 'support',
  'GET /api/admin/notifications': 'viewer',
  'POST /api/admin/notifications/:id/replay': 'support',
  'GET /api/admin/customers': 'viewer',
  'GET /api/admin/customers/:id': 'viewer',
  'POST /api/admin/privacy/export': 'admin',
  'POST /api/admin/privacy/erasure': 'admin',
  'GET /api/admin/products': 'viewer',
  'POST /api/admin/products': 'admin',
  'PATCH /api/admin/products/:id': 'admin',
};
/** Which roles the table lets through: what each role may do, by hand. */
const ALLOWED: Record<StaffRole, readonly StaffRole[]> = {
  viewer: ['viewer', 'support', 'admin'],
  support: ['support', 'admin'],
  admin: ['admin'],
};

describeEachDatabase('admin access on $name', ({ name }) => {
  let system: AdminTestSystem;
  let db: TestDatabase;
  let app: App;
  let nextIp = 1;
  const freshIp = () => `10.0.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`;

  const signIn = (email: string, password: string, remoteAddress = freshIp(), headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/admin/session', payload: { email, password }, remoteAddress, headers });
  const COOKIE = '__Host-storepay_admin';
  const cookieOf = (response: Awaited<ReturnType<typeof signIn>>) => {
    const cookie = response.cookies.find((c) => c.name === COOKIE);
    if (!cookie) throw new Error('no session cookie');
    return cookie;
  };

  beforeAll(async () => {
    system = await startAdminTestSystem(name, {
      emulator: true,
      env: { ADMIN_EMAIL: 'First.Admin@Example.com', ADMIN_PASSWORD: 'first-admin-password' },
    });
    ({ db, app } = system);
  });

  afterAll(async () => {
    await system.close();
  });

  it('walks the whole route-by-role matrix: 401 without a session, 403 below the route role, through at or above', async () => {
    const staff = Object.fromEntries(
      await Promise.all(STAFF_ROLES.map(async (role) => [role, await createTestStaff(app, role)] as const)),
    ) as Record<StaffRole, TestStaff>;
    // Every registered route has a row, and every row a route: only sign-in is public.
    const registered = app.adminRoutes.map((route) => `${route.method} ${route.url}`);
    expect(registered.filter((route) => !(route in ROUTE_ROLES)).sort()).toEqual(['POST /api/admin/session']);
    expect(Object.keys(ROUTE_ROLES).filter((route) => !registered.includes(route))).toEqual([]);
    const ending = (route: string) => ['DELETE /api/admin/session', 'POST /api/admin/sessions/revoke'].indexOf(route);
    const routes = Object.entries(ROUTE_ROLES);

    const outcomes: string[] = [];
    for (const [route, role] of routes) {
      const [method, path] = route.split(' ') as ['GET' | 'POST' | 'PATCH' | 'DELETE', string];
      const url = path.replace(/:[a-zA-Z]+/g, ZERO_UUID);
      const payload = method === 'GET' || method === 'DELETE' ? undefined : {};
      const anonymous = await asStaff(app, null, { method, url, payload });
      expect(anonymous.statusCode, `${route} without a session`).toBe(401);
      for (const member of STAFF_ROLES) {
        // A route that ends sessions gets a member of its own, so the other checks keep theirs.
        const as = ending(route) >= 0 ? await createTestStaff(app, member) : staff[member];
        const response = await asStaff(app, as, { method, url, payload });
        outcomes.push(`${route} ${member} ${response.statusCode}`);
        if (ALLOWED[role].includes(member)) {
          expect([401, 403], `${route} as ${member}`).not.toContain(response.statusCode);
        } else {
          expect(response.statusCode, `${route} as ${member}`).toBe(403);
          expect(response.json().error.code).toBe('forbidden');
        }
      }
    }
    expect(outcomes).toHaveLength(Object.keys(ROUTE_ROLES).length * STAFF_ROLES.length);
  });

  it('creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD, who can sign in with any case of the email', async () => {
    const response = await signIn('first.admin@example.COM', 'first-admin-password');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.staff).toMatchObject({ email: 'first.admin@example.com', role: 'admin', active: true });
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const cookie = cookieOf(response);
    // __Host-: Secure, the whole path, no Domain: only this host can set or overwrite it.
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    expect(cookie.domain).toBeUndefined();
    expect(cookie.value).not.toBe(body.csrfToken);
    // The session reads back, and the token is stored only as a hash.
    const me = await asStaff(
      app,
      { cookie: `${COOKIE}=${cookie.value}`, csrfToken: body.csrfToken },
      { url: '/api/admin/session' },
    );
    expect(me.json()).toMatchObject({ staff: { email: 'first.admin@example.com' }, csrfToken: body.csrfToken });
    const stored = await db.prisma.staffSession.findMany({ where: { tokenHash: cookie.value } });
    expect(stored).toHaveLength(0);
  });

  it('answers a wrong password and an unknown email alike, validates the body, and never sets a cookie', async () => {
    const member = await createTestStaff(app, 'viewer');
    const wrong = await signIn(member.email, 'not-the-password');
    const unknown = await signIn('nobody@example.com', 'whatever-password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.cookies).toHaveLength(0);
    const bad = await signIn('not-an-email', '');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual({ email: 'must be an email address', password: 'is required' });
  });

  it('throttles a guessing address without a lock anyone can renew: the waits answer like a wrong password', async () => {
    const member = await createTestStaff(app, 'support');
    const admin = await createTestStaff(app, 'admin');
    const guesser = freshIp();
    for (let i = 0; i < SIGN_IN_THROTTLE.pair.free + 1; i++) {
      expect((await signIn(member.email, `wrong-${i}`, guesser)).statusCode).toBe(401);
    }
    // From the guessing address even the right password now answers exactly like a wrong one…
    const throttled = await signIn(member.email, member.password, guesser);
    const wrong = await signIn('nobody@example.com', 'not-the-password');
    expect(throttled.statusCode).toBe(401);
    expect(throttled.json()).toEqual(wrong.json());
    expect(throttled.cookies).toHaveLength(0);
    // …while the owner, elsewhere, signs in.
    expect((await signIn(member.email, member.password)).statusCode).toBe(200);
    const entries = await db.prisma.auditLog.findMany({ where: { targetId: member.id }, orderBy: { id: 'asc' } });
    expect(entries.map((entry) => entry.action)).toEqual([
      ...Array.from({ length: SIGN_IN_THROTTLE.pair.free }, () => 'staff.sign_in_failed'),
      'staff.locked_out',
      'staff.signed_in',
    ]);
    expect(entries[SIGN_IN_THROTTLE.pair.free]!.details).toEqual({
      waits: [{ scope: 'pair', failures: SIGN_IN_THROTTLE.pair.free + 1, waitSeconds: 30 }],
    });
    // An admin unlocks the account: the guessing address's wait is forgotten too, and the unlock audited.
    await signIn(member.email, 'wrong-again', guesser);
    const unlocked = await asStaff(app, admin, { method: 'POST', url: `/api/admin/staff/${member.id}/unlock` });
    expect(unlocked.statusCode).toBe(204);
    expect((await signIn(member.email, member.password, guesser)).statusCode).toBe(200);
    const last = await db.prisma.auditLog.findFirst({ where: { action: 'staff.unlocked' }, orderBy: { id: 'desc' } });
    expect(last).toMatchObject({ actorId: admin.id, targetId: member.id });
  });

  it('checks at most the account’s budget of passwords from a concurrent burst; the rest get 429', async () => {
    const member = await createTestStaff(app, 'viewer');
    const budget = DEFAULT_RATE_LIMITS.sign_in_account.points;
    const burst = await Promise.all(
      Array.from({ length: budget * 2 }, (_, i) => signIn(member.email, `wrong-${i}`, `10.9.${i}.1`)),
    );
    const statuses = burst.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(budget);
    expect(statuses.filter((status) => status === 429)).toHaveLength(budget);
    const refused = burst.find((response) => response.statusCode === 429)!;
    expect(refused.json().error.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it(`rate-limits sign-in attempts per client address (${DEFAULT_RATE_LIMITS.sign_in_ip.points} a minute)`, async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    const max = DEFAULT_RATE_LIMITS.sign_in_ip.points;
    // A client naming another address in X-Forwarded-For each time is still one client (no proxy is trusted).
    for (let i = 0; i <= max; i++)
      statuses.push(
        (await signIn(`user${i}@example.com`, 'password-123', ip, { 'x-forwarded-for': `203.0.113.${i}` })).statusCode,
      );
    expect(statuses.slice(0, max).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Another address is not affected.
    expect((await signIn('user@example.com', 'password-123')).statusCode).toBe(401);
  });

  it('changes a password: the current one is checked, other sessions end, this one stays', async () => {
    const member = await createTestStaff(app, 'support');
    const other = cookieOf(await signIn(member.email, member.password));
    const change = (currentPassword: string, newPassword: string) =>
      asStaff(app, member, {
        method: 'POST',
        url: '/api/admin/session/password',
        payload: { currentPassword, newPassword },
      });
    const wrong = await change('not-it', 'a brand new passphrase');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toEqual({ currentPassword: 'is not your current password' });
    const demo = await change(member.password, 'storepay-demo-admin');
    expect(demo.json().error.fields).toEqual({ newPassword: 'is the demo admin’s published password' });
    const changed = await change(member.password, 'a brand new passphrase');
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ sessionsEnded: 1 });
    expect((await asStaff(app, member, { url: '/api/admin/session' })).statusCode).toBe(200);
    const otherSession = { cookie: `${COOKIE}=${other.value}`, csrfToken: '' };
    expect((await asStaff(app, otherSession, { url: '/api/admin/session' })).statusCode).toBe(401);
    expect((await signIn(member.email, member.password)).statusCode).toBe(401);
    expect((await signIn(member.email, 'a brand new passphrase')).statusCode).toBe(200);
  });

  it('signs out everywhere: every session of the member ends, this one too', async () => {
    const member = await createTestStaff(app, 'viewer');
    const other = cookieOf(await signIn(member.email, member.password));
    const out = await asStaff(app, member, { method: 'POST', url: '/api/admin/sessions/revoke' });
    expect(out.json()).toEqual({ sessionsEnded: 2 });
    expect(out.cookies.find((c) => c.name === COOKIE)?.value).toBe('');
    expect((await asStaff(app, member, { url: '/api/admin/session' })).statusCode).toBe(401);
    const otherSession = { cookie: `${COOKIE}=${other.value}`, csrfToken: '' };
    expect((await asStaff(app, otherSession, { url: '/api/admin/session' })).statusCode).toBe(401);
  });

  it('forces a reset: the member’s sessions end, and after signing in they can only change their password', async () => {
    const admin = await createTestStaff(app, 'admin');
    const member = await createTestStaff(app, 'support');
    const reset = await asStaff(app, admin, { method: 'POST', url: `/api/admin/staff/${member.id}/password-reset` });
    expect(reset.json()).toEqual({ sessionsEnded: 1 });
    expect((await asStaff(app, member, { url: '/api/admin/session' })).statusCode).toBe(401);
    const again = await signIn(member.email, member.password);
    expect(again.json().staff.mustChangePassword).toBe(true);
    const session = { cookie: `${COOKIE}=${cookieOf(again).value}`, csrfToken: again.json().csrfToken as string };
    const blocked = await asStaff(app, session, { url: '/api/admin/payments' });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('password_change_required');
    const changed = await asStaff(app, session, {
      method: 'POST',
      url: '/api/admin/session/password',
      payload: { currentPassword: member.password, newPassword: 'my own new passphrase' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await asStaff(app, session, { url: '/api/admin/payments' })).statusCode).toBe(200);
  });

  it('ends a session unused for longer than the idle timeout, even before its absolute end', async () => {
    const member = await createTestStaff(app, 'viewer');
    expect((await asStaff(app, member, { url: '/api/admin/session' })).statusCode).toBe(200);
    await db.prisma.staffSession.updateMany({
      where: { staffUserId: member.id },
      data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) },
    });
    expect((await asStaff(app, member, { url: '/api/admin/session' })).statusCode).toBe(401);
  });

  it('records who created an account: the four-eyes rule reads it', async () => {
    const admin = await createTestStaff(app, 'admin');
    const made = await asStaff(app, admin, {
      method: 'POST',
      url: '/api/admin/staff',
      payload: { email: `made-${Date.now()}@example.com`, name: 'Made', role: 'admin', password: 'long-enough-pass' },
    });
    expect(made.statusCode).toBe(201);
    expect(made.json().createdById).toBe(admin.id);
  });

  it('refuses a write made with the cookie but without the CSRF token, or with another session’s', async () => {
    const admin = await createTestStaff(app, 'admin');
    const other = await createTestStaff(app, 'admin');
    const body = { email: 'csrf-victim@example.com', name: 'X', role: 'admin', password: 'long-enough-password' };
    const missing = await asStaff(app, admin, {
      method: 'POST',
      url: '/api/admin/staff',
      payload: body,
      withoutCsrf: true,
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe('csrf_failed');
    const foreign = await asStaff(
      app,
      { cookie: admin.cookie, csrfToken: other.csrfToken },
      { method: 'POST', url: '/api/admin/staff', payload: body },
    );
    expect(foreign.statusCode).toBe(403);
    expect(await db.prisma.staffUser.count({ where: { email: 'csrf-victim@example.com' } })).toBe(0);
    // Reads need no token.
    expect((await asStaff(app, admin, { url: '/api/admin/staff', withoutCsrf: true })).statusCode).toBe(200);
  });

  it('ends the session on sign-out: the same cookie is refused afterwards', async () => {
    const member = await createTestStaff(app, 'viewer');
    const out = await asStaff(app, member, { method: 'DELETE', url: '/api/admin/session' });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === COOKIE)?.value).toBe('');
    const after = await asStaff(app, member, { url: '/api/admin/session' });
    expect(after.statusCode).toBe(401);
    const actions = await db.prisma.auditLog.findMany({ where: { actorId: member.id }, select: { action: true } });
    expect(actions.map((a) => a.action)).toContain('staff.signed_out');
  });

  it('refuses an expired session and the session of a deactivated member', async () => {
    const expired = await createTestStaff(app, 'admin');
    await db.prisma.staffSession.updateMany({
      where: { staffUserId: expired.id },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect((await asStaff(app, expired, { url: '/api/admin/session' })).statusCode).toBe(401);

    const admin = await createTestStaff(app, 'admin');
    const member = await createTestStaff(app, 'support');
    const off = await asStaff(app, admin, {
      method: 'PATCH',
      url: `/api/admin/staff/${member.id}`,
      payload: { active: false },
    });
    expect(off.statusCode).toBe(200);
    expect((await asStaff(app, member, { url: '/api/admin/session' })).statusCode).toBe(401);
    expect((await signIn(member.email, member.password)).statusCode).toBe(401);
  });

  it('never lets two admins demoting each other at once leave no admin (10 rounds)', async () => {
    const activeAdmins = () => db.prisma.staffUser.findMany({ where: { role: 'admin', active: true } });
    const before = await activeAdmins();
    await db.prisma.staffUser.updateMany({ where: { id: { in: before.map((a) => a.id) } }, data: { active: false } });
    try {
      for (let round = 0; round < 10; round++) {
        const [first, second] = await Promise.all([createTestStaff(app, 'admin'), createTestStaff(app, 'admin')]);
        const change = round % 2 === 0 ? { role: 'viewer' } : { active: false };
        const [a, b] = await Promise.all([
          asStaff(app, first, { method: 'PATCH', url: `/api/admin/staff/${second.id}`, payload: change }),
          asStaff(app, second, { method: 'PATCH', url: `/api/admin/staff/${first.id}`, payload: change }),
        ]);
        expect([a.statusCode, b.statusCode].sort(), `round ${round}`).toEqual([200, 409]);
        expect([a, b].find((r) => r.statusCode === 409)!.json().error.code).toBe('last_admin');
        const left = await activeAdmins();
        expect(left, `round ${round}`).toHaveLength(1);
        await db.prisma.staffUser.updateMany({ where: { id: { in: left.map((a) => a.id) } }, data: { active: false } });
      }
    } finally {
      await db.prisma.staffUser.updateMany({ where: { id: { in: before.map((a) => a.id) } }, data: { active: true } });
    }
  });

  it('manages staff: create (audited), duplicate email, role change, and never removes the last admin', async () => {
    const admin = await createTestStaff(app, 'admin');
    const created = await asStaff(app, admin, {
      method: 'POST',
      url: '/api/admin/staff',
      payload: {
        email: 'New.Support@example.com',
        name: 'New Support',
        role: 'support',
        password: 'a-long-password-1',
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ email: 'new.support@example.com', role: 'support' });
    expect((await signIn('new.support@example.com', 'a-long-password-1')).statusCode).toBe(200);
    const again = await asStaff(app, admin, {
      method: 'POST',
      url: '/api/admin/staff',
      payload: { email: 'new.support@example.com', name: 'Dup', role: 'viewer', password: 'a-long-password-2' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.fields).toEqual({ email: 'is taken' });
    const weak = await asStaff(app, admin, {
      method: 'POST',
      url: '/api/admin/staff',
      payload: { email: 'x@example.com', name: 'X', role: 'boss', password: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    expect(Object.keys(weak.json().error.fields).sort()).toEqual(['password', 'role']);

    const promoted = await asStaff(app, admin, {
      method: 'PATCH',
      url: `/api/admin/staff/${created.json().id}`,
      payload: { role: 'admin' },
    });
    expect(promoted.json().role).toBe('admin');
    const audit = await asStaff(app, admin, { url: `/api/admin/audit?targetId=${created.json().id}` });
    expect(audit.json().entries.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['staff.created', 'staff.updated']),
    );
    expect(audit.json().entries[0]).toMatchObject({ actorEmail: admin.email });

    // Two admins demoting each other at once (each the other's last fellow admin): one wins, the other is refused.
    const others = await db.prisma.staffUser.findMany({
      where: { role: 'admin', active: true, NOT: { id: admin.id } },
    });
    await db.prisma.staffUser.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: false } });
    const second = await createTestStaff(app, 'admin');
    const [a, b] = await Promise.all([
      asStaff(app, admin, { method: 'PATCH', url: `/api/admin/staff/${second.id}`, payload: { role: 'viewer' } }),
      asStaff(app, second, { method: 'PATCH', url: `/api/admin/staff/${admin.id}`, payload: { role: 'viewer' } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.statusCode === 409)!.json().error.code).toBe('last_admin');
    expect(await db.prisma.staffUser.count({ where: { role: 'admin', active: true } })).toBe(1);
    // Nobody changes their own admin role.
    const survivor = a.statusCode === 200 ? admin : second;
    const own = await asStaff(app, survivor, {
      method: 'PATCH',
      url: `/api/admin/staff/${survivor.id}`,
      payload: { active: false },
    });
    expect(own.json().error.code).toBe('own_admin_role');
    await db.prisma.staffUser.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: true } });
  });

  it('keeps the audit log append-only', async () => {
    await expect(db.prisma.auditLog.deleteMany({})).rejects.toThrow();
    await expect(db.prisma.auditLog.updateMany({ data: { action: 'x' } })).rejects.toThrow();
  });
});
