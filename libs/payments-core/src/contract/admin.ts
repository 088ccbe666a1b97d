import { z } from 'zod/mini';
import { ORDER_STATUSES } from '../domain/order-status';
import { REFUND_REASONS, REFUND_SOURCES, REFUND_STATUSES } from '../domain/refund-status';
import { PAYMENT_ANOMALY_KINDS, PAYMENT_ANOMALY_SOURCES } from '../domain/payment-anomaly';
import { STAFF_ROLES } from '../domain/staff';
import { AUTHORIZATION_ACTION_KINDS, AUTHORIZATION_ACTION_STATUSES, CAPTURE_METHODS } from '../domain/authorization';
import { WEBHOOK_EVENT_SOURCES, WEBHOOK_EVENT_STATUSES } from '../domain/webhook-events';

/** The admin API's contract: staff, sessions, audit log, webhook inbox and reconciliations. */

export const staffRoleSchema = z.enum(STAFF_ROLES, { error: 'must be viewer, support or admin' });

/** Instants travel as ISO-8601 strings. */
const instant = z.string();

export const staffMemberSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: staffRoleSchema,
  active: z.boolean(),
  lastLoginAt: z.nullable(instant),
  /** Failed sign-ins make the account wait until then (an admin can unlock it). */
  lockedUntil: z.nullable(instant),
  /** An admin forced a password reset: the member can only change their password. */
  mustChangePassword: z.boolean(),
  /** The admin who created the account (null: ADMIN_EMAIL or the CLI). */
  createdById: z.nullable(z.string()),
  createdAt: instant,
});
export type StaffMemberView = z.infer<typeof staffMemberSchema>;
export const staffListSchema = z.object({ staff: z.array(staffMemberSchema) });

const emailField = z.email({ error: 'must be an email address' }).check(z.maxLength(254, { error: 'is too long' }));

export const signInRequestSchema = z.object({
  email: emailField,
  password: z
    .string({ error: 'is required' })
    .check(z.minLength(1, { error: 'is required' }), z.maxLength(256, { error: 'is too long' })),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

/** The signed-in member, and the CSRF token every write made with the session cookie must carry as `x-csrf-token`. */
export const adminSessionSchema = z.object({
  staff: staffMemberSchema,
  csrfToken: z.string(),
  expiresAt: instant,
});
export type AdminSession = z.infer<typeof adminSessionSchema>;

/** A password staff may set: long enough to resist guessing, short enough not to be a DoS on the hash. */
const newPassword = z
  .string({ error: 'is required' })
  .check(
    z.minLength(12, { error: 'must be at least 12 characters' }),
    z.maxLength(256, { error: 'must be at most 256 characters' }),
  );

export const createStaffRequestSchema = z.object({
  email: emailField,
  name: z
    .string()
    .check(z.trim(), z.minLength(1, { error: 'is required' }), z.maxLength(120, { error: 'is too long' })),
  role: staffRoleSchema,
  password: newPassword,
});

/** POST /api/admin/session/password: the member's own password change (every other session of theirs ends). */
export const changePasswordRequestSchema = z.object({
  currentPassword: z
    .string({ error: 'is required' })
    .check(z.minLength(1, { error: 'is required' }), z.maxLength(256, { error: 'is too long' })),
  newPassword,
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

/** POST /api/admin/sessions/revoke (sign out everywhere) and an admin's actions on an account: how many ended. */
export const sessionsEndedSchema = z.object({ sessionsEnded: z.int() });
export type CreateStaffRequest = z.infer<typeof createStaffRequestSchema>;

export const updateStaffRequestSchema = z
  .object({ role: z.optional(staffRoleSchema), active: z.optional(z.boolean({ error: 'must be true or false' })) })
  .check(z.refine((v) => v.role !== undefined || v.active !== undefined, { error: 'set role or active' }));
export type UpdateStaffRequest = z.infer<typeof updateStaffRequestSchema>;

export const auditEntrySchema = z.object({
  id: z.string(),
  occurredAt: instant,
  actorId: z.nullable(z.string()),
  actorEmail: z.nullable(z.string()),
  action: z.string(),
  targetType: z.string(),
  targetId: z.nullable(z.string()),
  details: z.unknown(),
  ip: z.nullable(z.string()),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;
export const auditPageSchema = z.object({ entries: z.array(auditEntrySchema), nextCursor: z.nullable(z.string()) });
export type AuditPageView = z.infer<typeof auditPageSchema>;

export const webhookEventStatusSchema = z.enum(WEBHOOK_EVENT_STATUSES);

export const webhookEventSummarySchema = z.object({
  id: z.string(),
  stripeEventId: z.string(),
  type: z.string(),
  status: webhookEventStatusSchema,
  source: z.enum(WEBHOOK_EVENT_SOURCES),
  paymentIntentId: z.nullable(z.string()),
  attempts: z.int(),
  lastError: z.nullable(z.string()),
  stripeCreatedAt: instant,
  receivedAt: instant,
  processedAt: z.nullable(instant),
  nextAttemptAt: instant,
});
export type WebhookEventSummary = z.infer<typeof webhookEventSummarySchema>;
export const webhookEventPageSchema = z.object({
  events: z.array(webhookEventSummarySchema),
  nextCursor: z.nullable(z.string()),
});
export type WebhookEventPage = z.infer<typeof webhookEventPageSchema>;

/** Replays: one event by its path, or a selection (at most 500 ids) in the body. */
export const MAX_REPLAY_SELECTION = 500;
export const replaySelectionRequestSchema = z.object({
  ids: z
    .array(z.uuid({ error: 'must be inbox event ids' }))
    .check(
      z.minLength(1, { error: 'select at least one event' }),
      z.maxLength(MAX_REPLAY_SELECTION, { error: `at most ${MAX_REPLAY_SELECTION} events at once` }),
    ),
});
/** Replayed events go back to `received` (the workers apply them again, idempotently); the others say why not. */
export const replayResultSchema = z.object({
  replayed: z.array(z.string()),
  skipped: z.array(z.object({ id: z.string(), reason: z.enum(['not_found', 'in_progress']) })),
});
export type ReplayResult = z.infer<typeof replayResultSchema>;

export const reconciliationRunSchema = z.object({
  id: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  cursorFrom: z.nullable(instant),
  cursorTo: z.nullable(instant),
  eventsListed: z.int(),
  eventsInserted: z.int(),
  findings: z.unknown(),
  error: z.nullable(z.string()),
  startedAt: instant,
  finishedAt: z.nullable(instant),
});
export type ReconciliationRunSummary = z.infer<typeof reconciliationRunSchema>;
export const reconciliationRunListSchema = z.object({ runs: z.array(reconciliationRunSchema) });

// ── Payments explorer ────────────────────────────────────────────────────────────────────────────────────────────
// A "payment" in the admin is an order and its PaymentIntent; `:id` in the admin's payment routes is the order id.

export const PAYMENT_SORTS = ['created_desc', 'created_asc', 'amount_desc', 'amount_asc'] as const;
export type PaymentSort = (typeof PAYMENT_SORTS)[number];
export const MAX_PAYMENT_PAGE = 100;

/** Which disputed payments the explorer shows: any disputed, still open (at risk), won or lost. */
export const PAYMENT_DISPUTE_FILTERS = ['any', 'open', 'won', 'lost'] as const;
export type PaymentDisputeFilter = (typeof PAYMENT_DISPUTE_FILTERS)[number];

/**
 * GET /api/admin/payments query (all optional, as strings in the URL). `status` may list several, comma-separated;
 * `from`/`to` are ISO dates or instants (`to` exclusive); `minAmount`/`maxAmount` are minor units and need `currency`;
 * `q` searches an order id (UUID), a PaymentIntent id (`pi_…`), an exact customer email, or card last4 (4 digits).
 */
export interface PaymentListFilters {
  status?: string;
  dispute?: PaymentDisputeFilter;
  currency?: string;
  from?: string;
  to?: string;
  minAmount?: string;
  maxAmount?: string;
  q?: string;
  sort?: PaymentSort;
  cursor?: string;
  limit?: string;
}

export const paymentListItemSchema = z.object({
  orderId: z.string(),
  paymentIntentId: z.nullable(z.string()),
  status: z.enum(ORDER_STATUSES),
  paymentStatus: z.nullable(z.string()),
  amount: z.int(),
  amountRefunded: z.int(),
  currency: z.string(),
  email: z.string(),
  cardBrand: z.nullable(z.string()),
  cardLast4: z.nullable(z.string()),
  createdAt: instant,
});
export type PaymentListItem = z.infer<typeof paymentListItemSchema>;
const totalsByCurrency = z.record(z.string(), z.int());
/** Minor units per currency of disputes: still open (at risk), won and lost. */
export const disputeTotalsSchema = z.object({
  atRisk: totalsByCurrency,
  won: totalsByCurrency,
  lost: totalsByCurrency,
});
export type DisputeTotals = z.infer<typeof disputeTotalsSchema>;

export const paymentPageSchema = z.object({
  payments: z.array(paymentListItemSchema),
  nextCursor: z.nullable(z.string()),
  /** The disputed amounts of every payment the filters match (all pages): what the filters put at risk, won, lost. */
  disputeTotals: disputeTotalsSchema,
});
export type PaymentPage = z.infer<typeof paymentPageSchema>;

const staffRef = z.nullable(z.object({ id: z.string(), email: z.string() }));

export const refundViewSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  amount: z.int(),
  currency: z.string(),
  status: z.enum(REFUND_STATUSES),
  source: z.enum(REFUND_SOURCES),
  reason: z.nullable(z.string()),
  note: z.nullable(z.string()),
  stripeRefundId: z.nullable(z.string()),
  failureReason: z.nullable(z.string()),
  requestedBy: staffRef,
  approvedBy: staffRef,
  approvedAt: z.nullable(instant),
  rejectedBy: staffRef,
  rejectedAt: z.nullable(instant),
  rejectionNote: z.nullable(z.string()),
  createdAt: instant,
});
export type RefundView = z.infer<typeof refundViewSchema>;
export const refundListSchema = z.object({ refunds: z.array(refundViewSchema) });

/** One line of a payment's history, oldest first. */
export const TIMELINE_KINDS = ['checkout', 'stripe_event', 'refund', 'staff_action', 'notification'] as const;
export const timelineEntrySchema = z.object({
  at: instant,
  kind: z.enum(TIMELINE_KINDS),
  title: z.string(),
  detail: z.nullable(z.string()),
  /** For Stripe events: how we processed it (processed, failed, dead, ignored, …). */
  status: z.nullable(z.string()),
  actor: z.nullable(z.string()),
  /** For notifications: the outbox row, which staff may send again (`POST /api/admin/notifications/:id/replay`). */
  notificationId: z.optional(z.string()),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** Notifications (outbox rows): pending, failed (retried later), dead (out of attempts), sent. */
export const NOTIFICATION_STATUSES = ['pending', 'failed', 'dead', 'sent'] as const;
export const notificationViewSchema = z.object({
  id: z.string(),
  orderId: z.nullable(z.string()),
  kind: z.string(),
  label: z.string(),
  status: z.enum(NOTIFICATION_STATUSES),
  attempts: z.int(),
  /** Masked (`j***@example.com`). */
  recipient: z.nullable(z.string()),
  lastError: z.nullable(z.string()),
  createdAt: instant,
  lastAttemptAt: z.nullable(instant),
  sentAt: z.nullable(instant),
  nextAttemptAt: instant,
});
export type NotificationView = z.infer<typeof notificationViewSchema>;
export const notificationListSchema = z.object({ notifications: z.array(notificationViewSchema) });
/** POST /api/admin/notifications/:id/replay: the notification is due again. */
export const replayedNotificationSchema = z.object({ id: z.string() });

/** A PaymentIntent that named an order it may not pay: recorded, never applied (see domain/payment-anomaly.ts). */
export const paymentAnomalySchema = z.object({
  orderId: z.nullable(z.string()),
  paymentIntentId: z.string(),
  kind: z.enum(PAYMENT_ANOMALY_KINDS),
  source: z.enum(PAYMENT_ANOMALY_SOURCES),
  eventId: z.nullable(z.string()),
  expected: z.nullable(z.union([z.string(), z.number(), z.boolean()])),
  actual: z.nullable(z.union([z.string(), z.number(), z.boolean()])),
  detectedAt: instant,
});
export type PaymentAnomalyView = z.infer<typeof paymentAnomalySchema>;

// ── Authorisations (manual capture) ─────────────────────────────────────────────────────────────────────────────

/** A decision on an authorisation: capture (all or part) or release, by staff or the expiry sweep. */
export const authorizationActionViewSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  kind: z.enum(AUTHORIZATION_ACTION_KINDS),
  /** Minor units captured, or released by a cancel. */
  amount: z.int(),
  currency: z.string(),
  status: z.enum(AUTHORIZATION_ACTION_STATUSES),
  /** Staff's note, or `authorization_expiring` when the expiry sweep decided. */
  reason: z.nullable(z.string()),
  failureReason: z.nullable(z.string()),
  /** Null when the expiry sweep acted. */
  requestedBy: staffRef,
  createdAt: instant,
});
export type AuthorizationActionView = z.infer<typeof authorizationActionViewSchema>;

/** A payment's authorisation as the payment page shows it (null for an automatic-capture order). */
export const authorizationViewSchema = z.object({
  captureMethod: z.enum(CAPTURE_METHODS),
  /** Authorised and not captured yet. */
  amountCapturable: z.int(),
  authorizedAt: z.nullable(instant),
  /** When the authorisation lapses (Stripe cancels it then): capture or release before. */
  captureBefore: z.nullable(instant),
  /** It lapses within 24 hours. */
  expiringSoon: z.boolean(),
  actions: z.array(authorizationActionViewSchema),
});
export type AuthorizationView = z.infer<typeof authorizationViewSchema>;

/**
 * POST /api/admin/payments/:id/capture, with an `Idempotency-Key` header (required). `amount` in minor units, at
 * most what is authorised (absent: all of it); the rest is released to the shopper.
 */
export const captureRequestSchema = z.object({
  amount: z.optional(
    z.int({ error: 'must be a whole number of minor units' }).check(z.positive({ error: 'must be more than 0' })),
  ),
  note: z.optional(z.string().check(z.maxLength(500, { error: 'at most 500 characters' }))),
});
export type CaptureRequest = z.infer<typeof captureRequestSchema>;

/** Why an authorisation is released, as Stripe records it. */
export const AUTHORIZATION_CANCEL_REASONS = ['requested_by_customer', 'duplicate', 'fraudulent', 'abandoned'] as const;
export type AuthorizationCancelReason = (typeof AUTHORIZATION_CANCEL_REASONS)[number];

/** POST /api/admin/payments/:id/cancel, with an `Idempotency-Key` header: releases the whole authorisation. */
export const cancelAuthorizationRequestSchema = z.object({
  reason: z.optional(
    z.enum(AUTHORIZATION_CANCEL_REASONS, {
      error: 'must be requested_by_customer, duplicate, fraudulent or abandoned',
    }),
  ),
  note: z.optional(z.string().check(z.maxLength(500, { error: 'at most 500 characters' }))),
});
export type CancelAuthorizationRequest = z.infer<typeof cancelAuthorizationRequestSchema>;

export const authorizationResponseSchema = z.object({
  action: authorizationActionViewSchema,
  /** The order's status after Stripe's answer: paid after a capture, canceled after a release. */
  orderStatus: z.enum(ORDER_STATUSES),
});
export type AuthorizationResponse = z.infer<typeof authorizationResponseSchema>;

/** GET /api/admin/authorizations: open authorisations, the soonest to lapse first. */
export const openAuthorizationSchema = z.object({
  orderId: z.string(),
  paymentIntentId: z.string(),
  currency: z.string(),
  amount: z.int(),
  amountCapturable: z.int(),
  authorizedAt: z.nullable(instant),
  captureBefore: z.nullable(instant),
  expiringSoon: z.boolean(),
  /** Masked for viewers. */
  email: z.nullable(z.string()),
  cardBrand: z.nullable(z.string()),
  cardLast4: z.nullable(z.string()),
  pendingAction: z.nullable(z.enum(AUTHORIZATION_ACTION_KINDS)),
});
export type OpenAuthorizationView = z.infer<typeof openAuthorizationSchema>;
export const openAuthorizationListSchema = z.object({ authorizations: z.array(openAuthorizationSchema) });
export type OpenAuthorizationList = z.infer<typeof openAuthorizationListSchema>;

// ── Disputes and their evidence ───────────────────────────────────────────────────────────────────────────────────

/** Stripe's evidence fields staff write as text. */
export const DISPUTE_EVIDENCE_TEXT_FIELDS = [
  'product_description',
  'customer_name',
  'customer_email_address',
  'billing_address',
  'shipping_address',
  'shipping_date',
  'shipping_carrier',
  'shipping_tracking_number',
  'service_date',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'duplicate_charge_explanation',
  'access_activity_log',
  'uncategorized_text',
] as const;
/** Stripe's evidence fields that hold a file uploaded to Stripe (`file_…`, purpose `dispute_evidence`). */
export const DISPUTE_EVIDENCE_FILE_FIELDS = [
  'receipt',
  'customer_communication',
  'shipping_documentation',
  'refund_policy',
  'cancellation_policy',
  'service_documentation',
  'duplicate_charge_documentation',
  'uncategorized_file',
] as const;
export type DisputeEvidenceField =
  (typeof DISPUTE_EVIDENCE_TEXT_FIELDS)[number] | (typeof DISPUTE_EVIDENCE_FILE_FIELDS)[number];

/** Stripe counts every text field together: at most 150,000 characters. */
export const MAX_DISPUTE_EVIDENCE_CHARACTERS = 150_000;

const evidenceText = z.string().check(z.maxLength(20_000, { error: 'at most 20,000 characters' }));
const evidenceFile = z.string().check(z.regex(/^file_\w{1,250}$/, { error: 'must be a file uploaded for evidence' }));
/** Evidence fields: text, or a file id; an empty string clears a field. */
export const disputeEvidenceSchema = z.strictObject({
  ...Object.fromEntries(DISPUTE_EVIDENCE_TEXT_FIELDS.map((field) => [field, z.optional(evidenceText)])),
  ...Object.fromEntries(
    DISPUTE_EVIDENCE_FILE_FIELDS.map((field) => [field, z.optional(z.union([z.literal(''), evidenceFile]))]),
  ),
} as Record<DisputeEvidenceField, z.ZodMiniOptional<z.ZodMiniString>>);
export type DisputeEvidence = Partial<Record<DisputeEvidenceField, string>>;

/** PUT /api/admin/disputes/:id/evidence: saves fields of the draft (the others stay). */
export const disputeEvidenceRequestSchema = z.object({ evidence: disputeEvidenceSchema });

export const disputeViewSchema = z.object({
  id: z.string(),
  stripeDisputeId: z.string(),
  orderId: z.string(),
  amount: z.int(),
  currency: z.string(),
  reason: z.string(),
  status: z.string(),
  /** Not closed yet: the amount is at risk. */
  open: z.boolean(),
  evidenceDueBy: z.nullable(instant),
  evidence: z.record(z.string(), z.string()),
  evidenceSavedAt: z.nullable(instant),
  evidenceSubmittedAt: z.nullable(instant),
  createdAt: instant,
});
export type DisputeView = z.infer<typeof disputeViewSchema>;

export const disputeListSchema = z.object({
  disputes: z.array(disputeViewSchema),
  /** Every dispute's amount per currency (not only those listed): open (at risk), won and lost. */
  totals: disputeTotalsSchema,
});
export type DisputeList = z.infer<typeof disputeListSchema>;

/**
 * POST /api/admin/disputes/:id/files?field=&name= with the file's bytes as the body (PDF, JPEG or PNG, at most 5 MB):
 * answers the Stripe file and the field it fills.
 */
export const disputeFileResponseSchema = z.object({ fileId: z.string(), field: z.enum(DISPUTE_EVIDENCE_FILE_FIELDS) });

// ── Radar reviews and early fraud warnings ──────────────────────────────────────────────────────────────────────

/** Staff's decision on a review from the queue. */
export const REVIEW_DECISIONS = ['approved', 'refused'] as const;

/** A Radar review as the review queue and the payment page show it. */
export const reviewViewSchema = z.object({
  id: z.string(),
  stripeReviewId: z.string(),
  orderId: z.string(),
  open: z.boolean(),
  /** Why it opened (rule, manual) while open; how it closed (approved, refunded, refunded_as_fraud, …) after. */
  reason: z.string(),
  openedReason: z.nullable(z.string()),
  closedReason: z.nullable(z.string()),
  decision: z.nullable(z.enum(REVIEW_DECISIONS)),
  decidedBy: staffRef,
  decidedAt: z.nullable(instant),
  amount: z.int(),
  currency: z.string(),
  orderStatus: z.enum(ORDER_STATUSES),
  riskLevel: z.nullable(z.string()),
  riskScore: z.nullable(z.int()),
  cardBrand: z.nullable(z.string()),
  cardLast4: z.nullable(z.string()),
  /** Masked for viewers. */
  email: z.string(),
  createdAt: instant,
});
export type ReviewView = z.infer<typeof reviewViewSchema>;
export const reviewListSchema = z.object({ reviews: z.array(reviewViewSchema) });
export type ReviewList = z.infer<typeof reviewListSchema>;

/** POST /api/admin/reviews/:id/approve and /refuse. */
export const reviewDecisionRequestSchema = z.object({
  note: z.optional(z.string().check(z.maxLength(500, { error: 'at most 500 characters' }))),
});
export const reviewDecisionResponseSchema = z.object({
  review: reviewViewSchema,
  /** A refusal: the refund it asked for (it may wait for a second admin above the approval threshold). */
  refund: z.nullable(refundViewSchema),
  /** A refusal of a payment not captured yet: its authorisation released instead. */
  released: z.boolean(),
});
export type ReviewDecisionResponse = z.infer<typeof reviewDecisionResponseSchema>;

/** An early fraud warning: the issuer says the charge may be fraudulent. */
export const earlyFraudWarningViewSchema = z.object({
  stripeWarningId: z.string(),
  orderId: z.string(),
  fraudType: z.string(),
  /** Not disputed nor fully refunded: a full refund now may avoid a dispute. */
  actionable: z.boolean(),
  amount: z.int(),
  refundable: z.int(),
  currency: z.string(),
  createdAt: instant,
});
export type EarlyFraudWarningView = z.infer<typeof earlyFraudWarningViewSchema>;
export const earlyFraudWarningListSchema = z.object({ warnings: z.array(earlyFraudWarningViewSchema) });
export type EarlyFraudWarningList = z.infer<typeof earlyFraudWarningListSchema>;

export const paymentDetailSchema = z.object({
  orderId: z.string(),
  paymentId: z.nullable(z.string()),
  paymentIntentId: z.nullable(z.string()),
  status: z.enum(ORDER_STATUSES),
  paymentStatus: z.nullable(z.string()),
  currency: z.string(),
  amount: z.int(),
  amountReceived: z.int(),
  amountRefunded: z.int(),
  /** What can still be refunded: received − succeeded, pending and awaiting refunds. */
  refundable: z.int(),
  email: z.string(),
  items: z.array(z.object({ name: z.string(), quantity: z.int(), unitAmount: z.int() })),
  card: z.nullable(
    z.object({
      brand: z.nullable(z.string()),
      last4: z.nullable(z.string()),
      country: z.nullable(z.string()),
      expMonth: z.nullable(z.int()),
      expYear: z.nullable(z.int()),
    }),
  ),
  risk: z.nullable(
    z.object({
      level: z.nullable(z.string()),
      outcomeType: z.nullable(z.string()),
      networkStatus: z.nullable(z.string()),
    }),
  ),
  failure: z.nullable(
    z.object({ code: z.nullable(z.string()), declineCode: z.nullable(z.string()), message: z.nullable(z.string()) }),
  ),
  /** The latest dispute; `id` opens it at /api/admin/disputes/:id. */
  dispute: z.nullable(z.object({ id: z.string(), status: z.string(), amount: z.int(), reason: z.string() })),
  /** Manual capture: the authorisation, its deadline and the decisions on it; null for automatic capture. */
  authorization: z.nullable(authorizationViewSchema),
  /** Radar reviews of the payment, oldest first: while one is open the order is not fulfilled. */
  reviews: z.array(reviewViewSchema),
  /** Early fraud warnings on the payment, oldest first. */
  earlyFraudWarnings: z.array(earlyFraudWarningViewSchema),
  createdAt: instant,
  paidAt: z.nullable(instant),
  refunds: z.array(refundViewSchema),
  /** PaymentIntents that named this order but may not pay it. */
  anomalies: z.array(paymentAnomalySchema),
  timeline: z.array(timelineEntrySchema),
});
export type PaymentDetail = z.infer<typeof paymentDetailSchema>;

/**
 * POST /api/admin/payments/:id/refunds, with an `Idempotency-Key` header (required: one key per refund request, so a
 * double-click or a retry makes one refund). `amount` in minor units (whole yen for JPY); absent = all that is left.
 */
export const refundRequestSchema = z.object({
  amount: z.optional(
    z.int({ error: 'must be a whole number of minor units' }).check(z.positive({ error: 'must be more than 0' })),
  ),
  reason: z.enum(REFUND_REASONS, { error: 'must be requested_by_customer, duplicate or fraudulent' }),
  note: z.optional(z.string().check(z.maxLength(500, { error: 'at most 500 characters' }))),
});
export type RefundRequest = z.infer<typeof refundRequestSchema>;
export const refundResponseSchema = z.object({ refund: refundViewSchema, approvalRequired: z.boolean() });
/** A refund asked of a payment not captured yet is a release of its authorisation: answered as that. */
export const refundOrReleaseResponseSchema = z.union([refundResponseSchema, authorizationResponseSchema]);
export type RefundResponse = z.infer<typeof refundResponseSchema>;
export const refundDecisionSchema = z.object({
  note: z.optional(z.string().check(z.maxLength(500, { error: 'at most 500 characters' }))),
});

// ── Webhook delivery health ──────────────────────────────────────────────────────────────────────────────────────

export const HEALTH_WINDOWS = ['1h', '24h', '7d'] as const;
export type HealthWindow = (typeof HEALTH_WINDOWS)[number];

export const webhookHealthSchema = z.object({
  window: z.enum(HEALTH_WINDOWS),
  from: instant,
  to: instant,
  /** Events received in the window, by their status now. */
  counts: z.object({
    received: z.int(),
    processing: z.int(),
    processed: z.int(),
    ignored: z.int(),
    failed: z.int(),
    dead: z.int(),
    total: z.int(),
  }),
  byType: z.array(
    z.object({
      type: z.string(),
      total: z.int(),
      processed: z.int(),
      failed: z.int(),
      dead: z.int(),
      successRate: z.nullable(z.number()),
    }),
  ),
  /** Processing lag (processed_at − Stripe's created) over the window, and per bucket for the chart. */
  lag: z.object({ p50Ms: z.nullable(z.number()), p95Ms: z.nullable(z.number()) }),
  lagSeries: z.array(
    z.object({ at: instant, count: z.int(), p50Ms: z.nullable(z.number()), p95Ms: z.nullable(z.number()) }),
  ),
  signatureFailures: z.int(),
  rejectionsByReason: z.array(z.object({ reason: z.string(), count: z.int() })),
  /** Everything not finished now (any age): count and the oldest one's age. */
  backlog: z.object({ count: z.int(), oldestAgeMs: z.nullable(z.number()) }),
  /** PaymentIntents that named an order they may not pay, detected in the window: how many, and the latest ones. */
  anomalies: z.object({ count: z.int(), latest: z.array(paymentAnomalySchema) }),
  lastEventAt: z.nullable(instant),
});
export type WebhookHealth = z.infer<typeof webhookHealthSchema>;
