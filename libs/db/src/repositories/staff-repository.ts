import { isUuid, type StaffRole } from '@storepay/payments-core';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { appendAudit, type AuditEntry } from './audit-repository';

export interface StaffMember {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  active: boolean;
  lastLoginAt: Date | null;
  /** Set by an admin's forced reset: until the member changes their password, that is all they can do. */
  mustChangePassword: boolean;
  /** The admin who created the account; null for ADMIN_EMAIL and the CLI. */
  createdById: string | null;
  createdAt: Date;
}

export interface StaffCredentials extends StaffMember {
  passwordHash: string;
}

export interface StaffSessionView {
  id: string;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
  staff: StaffMember;
}

export interface NewStaffMember {
  email: string;
  name: string;
  role: StaffRole;
  passwordHash: string;
  createdById?: string | null;
}

export interface StaffRepository {
  findCredentials(email: string): Promise<StaffCredentials | null>;
  findCredentialsById(id: string): Promise<StaffCredentials | null>;
  /** Every account's email and password hash (the start-up check for the demo password). */
  listPasswordHashes(): Promise<{ id: string; email: string; passwordHash: string }[]>;
  /** Creates a staff member and appends `auditFor(created)` in the same transaction; null when the email is taken. */
  create(member: NewStaffMember, auditFor?: (created: StaffMember) => AuditEntry): Promise<StaffMember | null>;
  list(): Promise<StaffMember[]>;
  /**
   * Changes a member's role and/or access in one transaction that first locks every active admin's row, so two
   * admins demoting each other at once are decided one after the other. `decide` gets the member before the change
   * and how many active admins there are (under that lock) and answers the change and its audit entry, or a refusal.
   * Deactivating revokes every session of that member.
   */
  update<R>(
    id: string,
    decide: (before: StaffMember, activeAdmins: number) => StaffDecision<R>,
  ): Promise<StaffUpdateOutcome<R>>;
  countAdmins(): Promise<number>;
  /**
   * The admins above a member in the "created by" chain, nearest first (at most `depth`): who could have made this
   * account for themselves.
   */
  creators(id: string, depth?: number): Promise<string[]>;
  /** Signs in: the last sign-in noted, the session created and the sign-in audited, in one transaction. */
  signIn(session: NewStaffSession, audit: AuditEntry): Promise<void>;
  createSession(session: NewStaffSession): Promise<void>;
  /** A session that is not revoked, of an active member (expiry and idleness are the caller's rules). */
  findSession(tokenHash: string): Promise<StaffSessionView | null>;
  /** Notes a request made with the session. */
  touchSession(id: string, at: Date): Promise<void>;
  /** Ends the session and audits it, in one transaction. */
  signOut(tokenHash: string, audit: AuditEntry): Promise<void>;
  /**
   * Sets a new password hash, whether the member must change it at next sign-in (false: a forced reset is cleared),
   * and revokes every session of the member except `keepSessionId`, audited, in one transaction. Answers how many
   * sessions ended.
   */
  setPassword(
    id: string,
    passwordHash: string,
    options: { keepSessionId: string | null; mustChangePassword: boolean },
    audit: AuditEntry,
  ): Promise<number>;
  /**
   * Revokes every session of the member except `keepSessionId` (sign out everywhere; a forced reset also sets
   * `mustChangePassword`), audited, in one transaction. Answers how many sessions ended; null when no such member.
   */
  revokeSessions(
    id: string,
    options: { keepSessionId: string | null; requirePasswordChange: boolean },
    audit: AuditEntry,
  ): Promise<number | null>;
  /** Deletes sessions that expired, or were revoked, before `before`. Answers how many. */
  pruneSessions(before: Date): Promise<number>;
}

/** What a use case decides about a change of role or access (see `StaffRepository.update`). */
export type StaffDecision<R> =
  | { kind: 'apply'; change: { role?: StaffRole; active?: boolean }; audit: (after: StaffMember) => AuditEntry }
  | { kind: 'refuse'; refusal: R };

export type StaffUpdateOutcome<R> =
  | { kind: 'updated'; before: StaffMember; after: StaffMember }
  | { kind: 'not_found' }
  | { kind: 'refused'; refusal: R };

export interface NewStaffSession {
  staffUserId: string;
  tokenHash: string;
  csrfToken: string;
  expiresAt: Date;
  ip?: string;
  userAgent?: string;
}

const memberSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  active: true,
  lastLoginAt: true,
  mustChangePassword: true,
  createdById: true,
  createdAt: true,
} as const;

/** Emails are compared case-insensitively: stored lower-cased and trimmed. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export function createStaffRepository(prisma: PrismaClient): StaffRepository {
  return {
    async findCredentials(email) {
      return prisma.staffUser.findUnique({
        where: { email: normalizeEmail(email) },
        select: { ...memberSelect, passwordHash: true },
      });
    },

    async findCredentialsById(id) {
      if (!isUuid(id)) return null;
      return prisma.staffUser.findUnique({ where: { id }, select: { ...memberSelect, passwordHash: true } });
    },

    async listPasswordHashes() {
      return prisma.staffUser.findMany({ select: { id: true, email: true, passwordHash: true } });
    },

    async create(member, auditFor) {
      try {
        return await prisma.$transaction(async (tx) => {
          const created = await tx.staffUser.create({
            data: { ...member, email: normalizeEmail(member.email) },
            select: memberSelect,
          });
          if (auditFor) await appendAudit(tx, auditFor(created));
          return created;
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'P2002') return null;
        throw error;
      }
    },

    async list() {
      return prisma.staffUser.findMany({ select: memberSelect, orderBy: { createdAt: 'asc' } });
    },

    async update(id, decide) {
      if (!isUuid(id)) return { kind: 'not_found' };
      return prisma.$transaction(async (tx) => {
        const admins = await tx.$queryRaw<{ id: string }[]>`
          SELECT id::text AS id FROM staff_users WHERE role = 'admin' AND active FOR UPDATE`;
        const before = await tx.staffUser.findUnique({ where: { id }, select: memberSelect });
        if (!before) return { kind: 'not_found' as const };
        const decision = decide(before, admins.length);
        if (decision.kind === 'refuse') return { kind: 'refused' as const, refusal: decision.refusal };
        const after = await tx.staffUser.update({ where: { id }, data: decision.change, select: memberSelect });
        if (decision.change.active === false) {
          await tx.staffSession.updateMany({
            where: { staffUserId: id, revokedAt: null },
            data: { revokedAt: new Date() },
          });
        }
        await appendAudit(tx, decision.audit(after));
        return { kind: 'updated' as const, before, after };
      });
    },

    async countAdmins() {
      return prisma.staffUser.count({ where: { role: 'admin', active: true } });
    },

    async creators(id, depth = 10) {
      if (!isUuid(id)) return [];
      const rows = await prisma.$queryRaw<{ id: string }[]>`
        WITH RECURSIVE chain(id, depth) AS (
          SELECT created_by_id, 1 FROM staff_users WHERE id = ${id}::uuid AND created_by_id IS NOT NULL
          UNION ALL
          SELECT s.created_by_id, c.depth + 1 FROM staff_users s JOIN chain c ON s.id = c.id
           WHERE s.created_by_id IS NOT NULL AND c.depth < ${depth}
        )
        SELECT id::text AS id FROM chain ORDER BY depth`;
      return rows.map((row) => row.id);
    },

    async signIn(session, audit) {
      await prisma.$transaction(async (tx) => {
        await tx.staffUser.update({ where: { id: session.staffUserId }, data: { lastLoginAt: new Date() } });
        await tx.staffSession.create({ data: session });
        await appendAudit(tx, audit);
      });
    },

    async createSession(session) {
      await prisma.staffSession.create({ data: session });
    },

    async findSession(tokenHash) {
      const row = await prisma.staffSession.findUnique({
        where: { tokenHash },
        select: {
          id: true,
          csrfToken: true,
          createdAt: true,
          expiresAt: true,
          lastSeenAt: true,
          revokedAt: true,
          staffUser: { select: memberSelect },
        },
      });
      if (!row || row.revokedAt || !row.staffUser.active) return null;
      const { revokedAt: _revoked, staffUser, ...session } = row;
      return { ...session, staff: staffUser };
    },

    async touchSession(id, at) {
      await prisma.staffSession.updateMany({ where: { id, lastSeenAt: { lt: at } }, data: { lastSeenAt: at } });
    },

    async signOut(tokenHash, audit) {
      await prisma.$transaction(async (tx) => {
        await tx.staffSession.updateMany({ where: { tokenHash, revokedAt: null }, data: { revokedAt: new Date() } });
        await appendAudit(tx, audit);
      });
    },

    async setPassword(id, passwordHash, { keepSessionId, mustChangePassword }, audit) {
      return prisma.$transaction(async (tx) => {
        await tx.staffUser.update({
          where: { id },
          data: { passwordHash, mustChangePassword, passwordChangedAt: new Date() },
        });
        const { count } = await tx.staffSession.updateMany({
          where: { staffUserId: id, revokedAt: null, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
          data: { revokedAt: new Date() },
        });
        await appendAudit(tx, { ...audit, details: { ...audit.details, sessionsEnded: count } });
        return count;
      });
    },

    async revokeSessions(id, { keepSessionId, requirePasswordChange }, audit) {
      if (!isUuid(id)) return null;
      return prisma.$transaction(async (tx) => {
        const member = await tx.staffUser.findUnique({ where: { id }, select: { id: true } });
        if (!member) return null;
        if (requirePasswordChange) await tx.staffUser.update({ where: { id }, data: { mustChangePassword: true } });
        const { count } = await tx.staffSession.updateMany({
          where: { staffUserId: id, revokedAt: null, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
          data: { revokedAt: new Date() },
        });
        await appendAudit(tx, { ...audit, details: { ...audit.details, sessionsEnded: count } });
        return count;
      });
    },

    async pruneSessions(before) {
      const { count } = await prisma.staffSession.deleteMany({
        where: { OR: [{ expiresAt: { lt: before } }, { revokedAt: { lt: before } }] },
      });
      return count;
    },
  };
}
