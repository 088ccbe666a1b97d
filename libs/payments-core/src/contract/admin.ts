import { z } from 'zod/mini';
import { STAFF_ROLES, WEBHOOK_EVENT_STATUSES } from '../domain/order-status';

/** The admin API's contract: staff, sessions, audit log, webhook inbox and reconciliations. */

export const staffRoleSchema = z.enum(STAFF_ROLES, { error: 'must be viewer, support or admin' });
export type StaffRoleName = z.infer<typeof staffRoleSchema>;

/** Instants travel as ISO-8601 strings. */
const instant = z.string();

export const staffMemberSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: staffRoleSchema,
  active: z.boolean(),
  lastLoginAt: z.nullable(instant),
  lockedUntil: z.nullable(instant),
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

export const createStaffRequestSchema = z.object({
  email: emailField,
  name: z
    .string()
    .check(z.trim(), z.minLength(1, { error: 'is required' }), z.maxLength(120, { error: 'is too long' })),
  role: staffRoleSchema,
  password: z
    .string()
    .check(
      z.minLength(12, { error: 'must be at least 12 characters' }),
      z.maxLength(256, { error: 'must be at most 256 characters' }),
    ),
});
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
export type WebhookEventStatusName = z.infer<typeof webhookEventStatusSchema>;

export const webhookEventSummarySchema = z.object({
  id: z.string(),
  stripeEventId: z.string(),
  type: z.string(),
  status: webhookEventStatusSchema,
  source: z.enum(['webhook', 'reconciler', 'replay']),
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
