// An in-memory StaffRepository and audit log for the staff use cases' unit tests (the same contract as the table:
// unique emails in any case, the decision of a change taken with the admin count, sessions revoked together).
import { randomUUID } from 'node:crypto';
import type { AuditEntry, NewStaffSession, StaffCredentials, StaffMember, StaffRepository } from '@storepay/db';
import type { Clock } from '../ports';
import { fixedClock } from './in-memory-store';

interface SessionRow extends NewStaffSession {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  revoked: boolean;
}

export function inMemoryStaff(clock: Clock = fixedClock()) {
  const members = new Map<string, StaffCredentials>();
  const sessions = new Map<string, SessionRow>();
  const audit: AuditEntry[] = [];
  const member = ({ passwordHash: _hash, ...rest }: StaffCredentials): StaffMember => rest;
  const byEmail = (email: string) =>
    [...members.values()].find((candidate) => candidate.email === email.trim().toLowerCase()) ?? null;
  const revoke = (staffUserId: string, keepSessionId: string | null) => {
    let count = 0;
    for (const session of sessions.values()) {
      if (session.staffUserId !== staffUserId || session.revoked || session.id === keepSessionId) continue;
      session.revoked = true;
      count += 1;
    }
    return count;
  };

  const staff: StaffRepository = {
    findCredentials: async (email) => byEmail(email),
    findCredentialsById: async (id) => members.get(id) ?? null,
    listPasswordHashes: async () =>
      [...members.values()].map(({ id, email, passwordHash }) => ({ id, email, passwordHash })),
    async create(fields, auditFor) {
      if (byEmail(fields.email)) return null;
      const created: StaffCredentials = {
        ...fields,
        id: randomUUID(),
        email: fields.email.trim().toLowerCase(),
        active: true,
        lastLoginAt: null,
        mustChangePassword: false,
        createdById: fields.createdById ?? null,
        createdAt: clock.now(),
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
      if (decision.change.active === false) revoke(id, null);
      audit.push(decision.audit(member(after)));
      return { kind: 'updated', before: member(before), after: member(after) };
    },
    countAdmins: async () => [...members.values()].filter((each) => each.role === 'admin' && each.active).length,
    async creators(id, depth = 10) {
      const chain: string[] = [];
      let current = members.get(id)?.createdById ?? null;
      while (current && chain.length < depth) {
        chain.push(current);
        current = members.get(current)?.createdById ?? null;
      }
      return chain;
    },
    async signIn(session, entry) {
      Object.assign(members.get(session.staffUserId)!, { lastLoginAt: clock.now() });
      await staff.createSession(session);
      audit.push(entry);
    },
    async createSession(session) {
      const now = clock.now();
      sessions.set(session.tokenHash, {
        ...session,
        id: randomUUID(),
        createdAt: now,
        lastSeenAt: now,
        revoked: false,
      });
    },
    async findSession(tokenHash) {
      const session = sessions.get(tokenHash);
      const owner = session && members.get(session.staffUserId);
      if (!session || !owner || session.revoked || !owner.active) return null;
      const { id, csrfToken, createdAt, expiresAt, lastSeenAt } = session;
      return { id, csrfToken, createdAt, expiresAt, lastSeenAt, staff: member(owner) };
    },
    async touchSession(id, at) {
      for (const session of sessions.values())
        if (session.id === id && session.lastSeenAt < at) session.lastSeenAt = at;
    },
    async signOut(tokenHash, entry) {
      const session = sessions.get(tokenHash);
      if (session) session.revoked = true;
      audit.push(entry);
    },
    async setPassword(id, passwordHash, { keepSessionId, mustChangePassword }, entry) {
      Object.assign(members.get(id)!, { passwordHash, mustChangePassword });
      const count = revoke(id, keepSessionId);
      audit.push({ ...entry, details: { ...entry.details, sessionsEnded: count } });
      return count;
    },
    async revokeSessions(id, { keepSessionId, requirePasswordChange }, entry) {
      const row = members.get(id);
      if (!row) return null;
      if (requirePasswordChange) row.mustChangePassword = true;
      const count = revoke(id, keepSessionId);
      audit.push({ ...entry, details: { ...entry.details, sessionsEnded: count } });
      return count;
    },
    async pruneSessions(before) {
      let count = 0;
      for (const [key, session] of sessions) {
        if (session.expiresAt < before) {
          sessions.delete(key);
          count += 1;
        }
      }
      return count;
    },
  };

  return { staff, members, sessions, audit, auditLog: { append: async (entry: AuditEntry) => void audit.push(entry) } };
}
