import type { RefundFacts, StaffMember } from '@storepay/db';
import type { RefundView, StaffMemberView } from '@storepay/payments-core';

export const iso = (at: Date | null): string | null => at?.toISOString() ?? null;

export const staffView = (member: StaffMember): StaffMemberView => ({
  id: member.id,
  email: member.email,
  name: member.name,
  role: member.role,
  active: member.active,
  lastLoginAt: iso(member.lastLoginAt),
  lockedUntil: member.lockedUntil && member.lockedUntil > new Date() ? member.lockedUntil.toISOString() : null,
  createdAt: member.createdAt.toISOString(),
});

export const refundView = (orderId: string, refund: RefundFacts): RefundView => ({
  id: refund.id,
  orderId,
  amount: refund.amount,
  currency: refund.currency,
  status: refund.status,
  source: refund.source,
  reason: refund.reason,
  note: refund.note,
  stripeRefundId: refund.stripeRefundId,
  failureReason: refund.failureReason,
  requestedBy: refund.requestedBy,
  approvedBy: refund.approvedBy,
  approvedAt: iso(refund.approvedAt),
  rejectedBy: refund.rejectedBy,
  rejectedAt: iso(refund.rejectedAt),
  rejectionNote: refund.rejectionNote,
  createdAt: refund.createdAt.toISOString(),
});
