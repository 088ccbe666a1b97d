// An in-memory StaffRepository and audit log for the staff use cases' unit tests (the same contract as the table:
// unique emails in any case, an atomic attempt counter, the decision of a change taken with the admin count).
import { randomUUID } from 'node:crypto';
import type { AuditEntry, NewStaffSession, StaffCredentials, StaffMember, StaffRepository } from '@storepay/db';
import type { Clock } from '../ports';
import { fixedClock } from './in-memory-store';

export function inMemoryStaff(clock: Clock = fixedClock()) {
  const members = new Map<string, StaffCredentials>();
  const sessions = new Map<string, NewStaffSession & { revoked: boolean }>();
  const audit: AuditEntry[] = [];
  const member = ({ passwordHash: _hash, failedLoginCount: _count, ...rest }: StaffCredentials): StaffMember => rest;
  const byEmail = (email: string) =>
    [...members.values()].find((candidate) => candidate.email === email.trim().toLowerCase()) ?? null;

  const staff: StaffRepository = {
    findCredentials: async (email) => byEmail(email),
    async create(fields, auditFor) {
      if (byEmail(fields.email)) return null;
      const created: StaffCredentials = {
        ...fields,
        id: randomUUID(),
        email: fields.email.trim().toLowerCase(),
        active: true,
        lastLoginAt: null,
        lockedUntil: null,
        createdAt: clock.now(),
        failedLoginCount: 0,
      };
      members.set(created.id, created);
      if (auditFor) audit.push(auditFor(member(created)));
      return member(created);
    },
    list: async () => [...members.values()].map(member),
    async update(id, decide) {
      const before = members.get(id);
      if (!before) return { kind: 'not_found' };
      const activeAdmins = [...members.values()].filter((each) => each.role === 'admin' && each.active).length;
      const decision = decide(member(before), activeAdmins);
      if (decision.kind === 'refuse') return { kind: 'refused', refusal: decision.refusal };
      const after = { ...before, ...decision.change };
      members.set(id, after);
      audit.push(decision.audit(member(after)));
      return { kind: 'updated', before: member(before), after: member(after) };
    },
    countAdmins: async () => [...members.values()].filter((each) => each.role === 'admin' && each.active).length,
    async reserveSignInAttempt(id, policy) {
      const row = members.get(id)!;
      if (row.lockedUntil && row.lockedUntil > clock.now()) return { allowed: false, lockedUntil: row.lockedUntil };
      const failures = row.failedLoginCount + 1;
      const locks = failures >= policy.maxFailures;
      row.failedLoginCount = locks ? 0 : failures;
      row.lockedUntil = locks ? new Date(clock.now().getTime() + policy.lockMs) : null;
      return { allowed: true, lastBeforeLock: locks };
    },
    async signIn(session, entry) {
      Object.assign(members.get(session.staffUserId)!, {
        lastLoginAt: clock.now(),
        failedLoginCount: 0,
        lockedUntil: null,
      });
      sessions.set(session.tokenHash, { ...session, revoked: false });
      audit.push(entry);
    },
    async createSession(session) {
      sessions.set(session.tokenHash, { ...session, revoked: false });
    },
    async findSession(tokenHash, now = clock.now()) {
      const session = sessions.get(tokenHash);
      const owner = session && members.get(session.staffUserId);
      if (!session || !owner || session.revoked || session.expiresAt <= now || !owner.active) return null;
      return { id: tokenHash, csrfToken: session.csrfToken, expiresAt: session.expiresAt, staff: member(owner) };
    },
    async signOut(tokenHash, entry) {
      const session = sessions.get(tokenHash);
      if (session) session.revoked = true;
      audit.push(entry);
    },
  };

  return { staff, members, sessions, audit, auditLog: { append: async (entry: AuditEntry) => void audit.push(entry) } };
}
