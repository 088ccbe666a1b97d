import { isUuid } from '@storepay/payments-core';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';

/** A dispute with its evidence draft, as the disputes page shows it. */
export interface StoredDispute {
  id: string;
  stripeDisputeId: string;
  orderId: string;
  paymentIntentId: string;
  amount: number;
  currency: string;
  reason: string;
  status: string;
  evidenceDueBy: Date | null;
  evidence: Record<string, string>;
  evidenceSavedAt: Date | null;
  evidenceSubmittedAt: Date | null;
  createdAt: Date;
}

export const disputeInclude = { payment: { select: { orderId: true, stripePaymentIntentId: true } } } as const;

const asEvidence = (value: Prisma.JsonValue | null): Record<string, string> =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(
        Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      )
    : {};

export function storedDispute(row: Prisma.DisputeGetPayload<{ include: typeof disputeInclude }>): StoredDispute {
  return {
    id: row.id,
    stripeDisputeId: row.stripeDisputeId,
    orderId: row.payment.orderId,
    paymentIntentId: row.payment.stripePaymentIntentId,
    amount: row.amount,
    currency: row.currency,
    reason: row.reason,
    status: row.status,
    evidenceDueBy: row.evidenceDueBy,
    evidence: asEvidence(row.evidenceDraft),
    evidenceSavedAt: row.evidenceSavedAt,
    evidenceSubmittedAt: row.evidenceSubmittedAt,
    createdAt: row.createdAt,
  };
}

export interface DisputeRepository {
  /** Disputes by evidence deadline, soonest first (those without one last). */
  list(query: { limit: number }): Promise<StoredDispute[]>;
  find(id: string): Promise<StoredDispute | null>;
}

export function createDisputeRepository(prisma: PrismaClient): DisputeRepository {
  return {
    async list({ limit }) {
      const rows = await prisma.dispute.findMany({
        include: disputeInclude,
        orderBy: [{ evidenceDueBy: { sort: 'asc', nulls: 'last' } }, { createdAt: 'desc' }],
        take: limit,
      });
      return rows.map(storedDispute);
    },
    async find(id) {
      if (!isUuid(id)) return null;
      const row = await prisma.dispute.findUnique({ where: { id }, include: disputeInclude });
      return row && storedDispute(row);
    },
  };
}
