import { keysetCursor } from '../cursor';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';

export interface AuditEntry {
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export interface AuditRecord extends Required<Omit<AuditEntry, 'details'>> {
  id: string;
  occurredAt: Date;
  details: unknown;
}

export interface AuditPage {
  entries: AuditRecord[];
  /** The last entry's id: pass it back as `after` for the next (older) page; null at the end. */
  next: bigint | null;
}

/** Cursors of the audit log: the id of a page's last (oldest) entry. */
export const auditCursor = keysetCursor<bigint>(
  'audit',
  (id) => [id.toString()],
  ([id]) => (id && /^\d{1,18}$/.test(id) ? BigInt(id) : null),
);

export interface AuditQuery {
  limit: number;
  after?: bigint | null;
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
}

type Client = PrismaClient | Prisma.TransactionClient;

/** Appends one entry; pass a transaction client so the entry commits (or not) with the change it records. */
export async function appendAudit(client: Client, entry: AuditEntry): Promise<void> {
  await client.auditLog.create({
    data: {
      actorId: entry.actorId,
      actorEmail: entry.actorEmail,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      details: (entry.details ?? {}) as Prisma.InputJsonValue,
      ip: entry.ip ?? null,
    },
  });
}

export interface AuditRepository {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first, keyset-paginated on the id (which grows with time). */
  list(query: AuditQuery): Promise<AuditPage>;
}

export function createAuditRepository(prisma: PrismaClient): AuditRepository {
  return {
    append: (entry) => appendAudit(prisma, entry),

    async list({ limit, after, actorId, action, targetType, targetId }) {
      const rows = await prisma.auditLog.findMany({
        where: {
          ...(after ? { id: { lt: after } } : {}),
          ...(actorId ? { actorId } : {}),
          ...(action ? { action } : {}),
          ...(targetType ? { targetType } : {}),
          ...(targetId ? { targetId } : {}),
        },
        orderBy: { id: 'desc' },
        take: limit + 1,
      });
      const page = rows.slice(0, limit);
      return {
        entries: page.map((row) => ({ ...row, id: row.id.toString() })),
        next: rows.length > limit ? page[page.length - 1]!.id : null,
      };
    },
  };
}
