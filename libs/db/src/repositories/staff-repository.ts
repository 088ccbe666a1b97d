import type { PrismaClient } from '../generated/prisma/client.ts';

export type StaffRole = 'viewer' | 'support' | 'admin';

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
  /** Creates a staff member; null when the email is taken. */
  create(member: NewStaffMember): Promise<StaffMember | null>;
  list(): Promise<StaffMember[]>;
  findById(id: string): Promise<StaffMember | null>;
  /** Changes role and/or active; deactivating revokes every session of that member. */
  update(id: string, change: { role?: StaffRole; active?: boolean }): Promise<StaffMember | null>;
  setPassword(id: string, passwordHash: string): Promise<void>;
  countAdmins(): Promise<number>;
  /** Counts a failed sign-in in one statement (safe under concurrency); locks the account at the limit. */
  recordFailedSignIn(id: string, policy: LockoutPolicy): Promise<{ lockedUntil: Date | null }>;
  recordSignIn(id: string): Promise<void>;
  createSession(session: {
    staffUserId: string;
    tokenHash: string;
    csrfToken: string;
    expiresAt: Date;
    ip?: string;
    userAgent?: string;
  }): Promise<void>;
  /** A live session: not revoked, not expired, its member active. */
  findSession(tokenHash: string, now?: Date): Promise<StaffSessionView | null>;
  revokeSession(tokenHash: string): Promise<void>;
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

    async create(member) {
      try {
        return await prisma.staffUser.create({
          data: { ...member, email: normalizeEmail(member.email) },
          select: memberSelect,
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'P2002') return null;
        throw error;
      }
    },

    async list() {
      return prisma.staffUser.findMany({ select: memberSelect, orderBy: { createdAt: 'asc' } });
    },

    async findById(id) {
      return prisma.staffUser.findUnique({ where: { id }, select: memberSelect });
    },

    async update(id, change) {
      return prisma.$transaction(async (tx) => {
        const updated = await tx.staffUser.updateMany({ where: { id }, data: change });
        if (updated.count === 0) return null;
        if (change.active === false) {
          await tx.staffSession.updateMany({
            where: { staffUserId: id, revokedAt: null },
            data: { revokedAt: new Date() },
          });
        }
        return tx.staffUser.findUnique({ where: { id }, select: memberSelect });
      });
    },

    async setPassword(id, passwordHash) {
      await prisma.staffUser.update({ where: { id }, data: { passwordHash, failedLoginCount: 0, lockedUntil: null } });
    },

    async countAdmins() {
      return prisma.staffUser.count({ where: { role: 'admin', active: true } });
    },

    async recordFailedSignIn(id, policy) {
      // One UPDATE: concurrent failures each count, and the lock is set by whichever reaches the limit.
      const rows = await prisma.$queryRaw<{ locked_until: Date | null }[]>`
        UPDATE staff_users
           SET failed_login_count = CASE WHEN failed_login_count + 1 >= ${policy.maxFailures} THEN 0
                                         ELSE failed_login_count + 1 END,
               locked_until = CASE WHEN failed_login_count + 1 >= ${policy.maxFailures}
                                   THEN now() + make_interval(secs => ${policy.lockMs / 1000})
                                   ELSE locked_until END
         WHERE id = ${id}::uuid
     RETURNING locked_until`;
      return { lockedUntil: rows[0]?.locked_until ?? null };
    },

    async recordSignIn(id) {
      await prisma.staffUser.update({
        where: { id },
        data: { lastLoginAt: new Date(), failedLoginCount: 0, lockedUntil: null },
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

    async revokeSession(tokenHash) {
      await prisma.staffSession.updateMany({ where: { tokenHash, revokedAt: null }, data: { revokedAt: new Date() } });
    },
  };
}
