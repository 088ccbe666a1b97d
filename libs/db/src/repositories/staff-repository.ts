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
  lockedUntil: Date | null;
  createdAt: Date;
}

export interface StaffCredentials extends StaffMember {
  passwordHash: string;
  failedLoginCount: number;
}

export interface StaffSessionView {
  id: string;
  csrfToken: string;
  expiresAt: Date;
  staff: StaffMember;
}

export interface NewStaffMember {
  email: string;
  name: string;
  role: StaffRole;
  passwordHash: string;
}

export interface LockoutPolicy {
  /** Failed sign-ins in a row that lock the account. */
  maxFailures: number;
  lockMs: number;
}

export interface StaffRepository {
  findCredentials(email: string): Promise<StaffCredentials | null>;
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
   * Takes one sign-in attempt before the password is checked, in one statement: the attempt that reaches the limit
   * locks the account, and while it is locked no attempt is given (so a burst of concurrent guesses gets at most
   * `maxFailures` checks). A successful sign-in gives the attempts back.
   */
  reserveSignInAttempt(id: string, policy: LockoutPolicy): Promise<SignInAttempt>;
  /** Signs in: attempts reset, the session created and the sign-in audited, in one transaction. */
  signIn(session: NewStaffSession, audit: AuditEntry): Promise<void>;
  createSession(session: NewStaffSession): Promise<void>;
  /** A live session: not revoked, not expired, its member active. */
  findSession(tokenHash: string, now?: Date): Promise<StaffSessionView | null>;
  /** Ends the session and audits it, in one transaction. */
  signOut(tokenHash: string, audit: AuditEntry): Promise<void>;
}

/** What a use case decides about a change of role or access (see `StaffRepository.update`). */
export type StaffDecision<R> =
  | { kind: 'apply'; change: { role?: StaffRole; active?: boolean }; audit: (after: StaffMember) => AuditEntry }
  | { kind: 'refuse'; refusal: R };

export type StaffUpdateOutcome<R> =
  | { kind: 'updated'; before: StaffMember; after: StaffMember }
  | { kind: 'not_found' }
  | { kind: 'refused'; refusal: R };

export type SignInAttempt =
  | {
      allowed: true;
      /** This attempt used the last one: the account is locked unless it succeeds. */ lastBeforeLock: boolean;
    }
  | { allowed: false; lockedUntil: Date };

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
  lockedUntil: true,
  createdAt: true,
} as const;

/** Emails are compared case-insensitively: stored lower-cased and trimmed. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export function createStaffRepository(prisma: PrismaClient): StaffRepository {
  return {
    async findCredentials(email) {
      return prisma.staffUser.findUnique({
        where: { email: normalizeEmail(email) },
        select: { ...memberSelect, passwordHash: true, failedLoginCount: true },
      });
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

    async reserveSignInAttempt(id, policy) {
      const taken = await prisma.$queryRaw<{ locked: boolean }[]>`
        UPDATE staff_users
           SET failed_login_count = CASE WHEN failed_login_count + 1 >= ${policy.maxFailures} THEN 0
                                         ELSE failed_login_count + 1 END,
               locked_until = CASE WHEN failed_login_count + 1 >= ${policy.maxFailures}
                                   THEN now() + make_interval(secs => ${policy.lockMs / 1000})
                                   ELSE NULL END
         WHERE id = ${id}::uuid AND (locked_until IS NULL OR locked_until <= now())
     RETURNING locked_until IS NOT NULL AS locked`;
      if (taken[0]) return { allowed: true, lastBeforeLock: taken[0].locked };
      const row = await prisma.staffUser.findUnique({ where: { id }, select: { lockedUntil: true } });
      return { allowed: false, lockedUntil: row?.lockedUntil ?? new Date(Date.now() + policy.lockMs) };
    },

    async signIn(session, audit) {
      await prisma.$transaction(async (tx) => {
        await tx.staffUser.update({
          where: { id: session.staffUserId },
          data: { lastLoginAt: new Date(), failedLoginCount: 0, lockedUntil: null },
        });
        await tx.staffSession.create({ data: session });
        await appendAudit(tx, audit);
      });
    },

    async createSession(session) {
      await prisma.staffSession.create({ data: session });
    },

    async findSession(tokenHash, now = new Date()) {
      const row = await prisma.staffSession.findUnique({
        where: { tokenHash },
        select: { id: true, csrfToken: true, expiresAt: true, revokedAt: true, staffUser: { select: memberSelect } },
      });
      if (!row || row.revokedAt || row.expiresAt <= now || !row.staffUser.active) return null;
      return { id: row.id, csrfToken: row.csrfToken, expiresAt: row.expiresAt, staff: row.staffUser };
    },

    async signOut(tokenHash, audit) {
      await prisma.$transaction(async (tx) => {
        await tx.staffSession.updateMany({ where: { tokenHash, revokedAt: null }, data: { revokedAt: new Date() } });
        await appendAudit(tx, audit);
      });
    },
  };
}
