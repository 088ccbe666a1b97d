import type {
  RefundFacts,
  StaffMember,
  StoredAuthorizationAction,
  StoredDispute,
  StoredEarlyFraudWarning,
  StoredPaymentAnomaly,
  StoredReview,
} from '@storepay/db';
import type {
  AuthorizationActionView,
  DisputeView,
  EarlyFraudWarningView,
  OrderStatus,
  PaymentAnomalyView,
  ReviewView,
  RefundView,
  StaffMemberView,
  StaffRole,
} from '@storepay/payments-core';

export const iso = (at: Date | null): string | null => at?.toISOString() ?? null;

/** `sam@example.com` → `s***@example.com`: enough to recognise, too little to harvest. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/**
 * Whom the admin shows shoppers' emails masked: viewers, who read but never act for a shopper. Support and admins see
 * them whole (an export of many leaves whole with an admin only: see `exportPayments`).
 */
export const masksEmails = (role: StaffRole) => role === 'viewer';

/** A notification's recipients (`a@x, b@y`), each masked. */
export function maskRecipients(recipient: string | null): string | null {
  return recipient
    ? recipient
        .split(', ')
        .map((address) => maskEmail(address))
        .join(', ')
    : null;
}

/** A recorded payment anomaly as the admin shows it. */
export const anomalyView = ({ detectedAt, ...anomaly }: StoredPaymentAnomaly): PaymentAnomalyView => ({
  ...anomaly,
  detectedAt: detectedAt.toISOString(),
});

/** A staff member as the admin shows them; `lockedUntil` is the sign-in throttle's wait on the account, if any. */
export const staffView = (member: StaffMember, lockedUntil: Date | null = null): StaffMemberView => ({
  id: member.id,
  email: member.email,
  name: member.name,
  role: member.role,
  active: member.active,
  lastLoginAt: iso(member.lastLoginAt),
  lockedUntil: iso(lockedUntil),
  mustChangePassword: member.mustChangePassword,
  createdById: member.createdById,
  createdAt: member.createdAt.toISOString(),
});

/** A decision on an authorisation, as the admin shows it: staff's note, else the release's reason. */
export const authorizationActionView = (action: StoredAuthorizationAction): AuthorizationActionView => ({
  id: action.id,
  orderId: action.orderId,
  kind: action.kind,
  amount: action.amount,
  currency: action.currency,
  status: action.status,
  reason: action.note ?? action.reason,
  failureReason: action.failureReason,
  requestedBy: action.requestedBy,
  createdAt: action.createdAt.toISOString(),
});

/** A dispute with its evidence draft. */
export const disputeView = (dispute: StoredDispute): DisputeView => ({
  id: dispute.id,
  stripeDisputeId: dispute.stripeDisputeId,
  orderId: dispute.orderId,
  amount: dispute.amount,
  currency: dispute.currency,
  reason: dispute.reason,
  status: dispute.status,
  open: !['won', 'lost', 'warning_closed', 'prevented'].includes(dispute.status),
  evidenceDueBy: iso(dispute.evidenceDueBy),
  evidence: dispute.evidence,
  evidenceSavedAt: iso(dispute.evidenceSavedAt),
  evidenceSubmittedAt: iso(dispute.evidenceSubmittedAt),
  createdAt: dispute.createdAt.toISOString(),
});

/** A Radar review as the queue and the payment page show it. */
export const reviewView = (review: StoredReview): ReviewView => ({
  id: review.id,
  stripeReviewId: review.stripeReviewId,
  orderId: review.orderId,
  open: review.open,
  reason: review.reason,
  openedReason: review.openedReason,
  closedReason: review.closedReason,
  decision: review.decision,
  decidedBy: review.decidedBy,
  decidedAt: iso(review.decidedAt),
  amount: review.amount,
  currency: review.currency,
  orderStatus: review.orderStatus as OrderStatus,
  riskLevel: review.riskLevel,
  riskScore: review.riskScore,
  cardBrand: review.cardBrand,
  cardLast4: review.cardLast4,
  email: review.email,
  createdAt: review.createdAt.toISOString(),
});

/** An early fraud warning, with what a full refund would give back now. */
export const earlyFraudWarningView = (warning: StoredEarlyFraudWarning, refundable: number): EarlyFraudWarningView => ({
  stripeWarningId: warning.stripeWarningId,
  orderId: warning.orderId,
  fraudType: warning.fraudType,
  actionable: warning.actionable,
  amount: warning.amount,
  refundable,
  currency: warning.currency,
  createdAt: warning.createdAt.toISOString(),
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
