import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRepositories, openDatabase, pgliteDir } from '@storepay/db';
import { prismaOf } from '@storepay/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../security/passwords';
import { runStaffCommand } from './staff';

describe('npm run staff', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'storepay-staff-cli-'));
  const env = { DATA_DIR: dataDir };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a staff member with a generated password it prints once, and audits it', async () => {
    const { code, out } = await runStaffCommand(['create', '--email', 'Ann@Example.com', '--role', 'support'], env);
    expect(code).toBe(0);
    const password = /password \(shown once\): (\S+)/.exec(out)?.[1];
    expect(password).toBeDefined();

    const again = await runStaffCommand(['create', '--email', 'ann@example.com', '--role', 'admin'], {
      ...env,
      STAFF_PASSWORD: 'another-long-password',
    });
    expect(again).toEqual({ code: 1, out: 'ann@example.com is already a staff member' });

    const db = await openDatabase({ dataDir: pgliteDir(dataDir) });
    try {
      const member = await createRepositories(db).staff.findCredentials('ann@example.com');
      expect(member).toMatchObject({ role: 'support', name: 'Ann', active: true });
      await expect(verifyPassword(password!, member!.passwordHash)).resolves.toBe(true);
      const audit = await prismaOf(db).auditLog.findMany({ where: { action: 'staff.created', targetId: member!.id } });
      expect(audit).toHaveLength(1);
    } finally {
      await db.close();
    }
  });

  it('explains what is wrong with the arguments or the password', async () => {
    expect((await runStaffCommand(['delete'], env)).code).toBe(1);
    expect((await runStaffCommand(['create', '--email', 'nope', '--role', 'admin'], env)).out).toMatch(/^--email/);
    expect((await runStaffCommand(['create', '--email', 'a@b.co', '--role', 'boss'], env)).out).toMatch(/^--role/);
    const weak = await runStaffCommand(['create', '--email', 'a@b.co', '--role', 'admin'], {
      ...env,
      STAFF_PASSWORD: 'short',
    });
    expect(weak).toEqual({ code: 1, out: 'STAFF_PASSWORD: must be at least 12 characters' });
  });

  it('resets a password for the operator: the member must change it at next sign-in, the reset audited', async () => {
    await runStaffCommand(['create', '--email', 'bo@example.com', '--role', 'admin'], env);
    const demo = await runStaffCommand(['reset-password', '--email', 'bo@example.com'], {
      ...env,
      STAFF_PASSWORD: 'storepay-demo-admin',
    });
    expect(demo).toEqual({ code: 1, out: 'STAFF_PASSWORD: is the demo admin’s published password' });
    const reset = await runStaffCommand(['reset-password', '--email', 'bo@example.com'], env);
    expect(reset.code).toBe(0);
    const password = /password \(shown once\): (\S+)/.exec(reset.out)?.[1];
    const db = await openDatabase({ dataDir: pgliteDir(dataDir) });
    try {
      const member = await createRepositories(db).staff.findCredentials('bo@example.com');
      expect(member?.mustChangePassword).toBe(true);
      await expect(verifyPassword(password!, member!.passwordHash)).resolves.toBe(true);
      const audit = await prismaOf(db).auditLog.findMany({ where: { action: 'staff.password_reset' } });
      expect(audit).toHaveLength(1);
    } finally {
      await db.close();
    }
    expect(await runStaffCommand(['reset-password', '--email', 'nobody@example.com'], env)).toEqual({
      code: 1,
      out: 'nobody@example.com is not a staff member',
    });
  });
});
