// @storepay/db: the only project that talks to the database. Apps get an opaque `Database`, the repositories built
// from it, and the types those speak; never the Prisma client or Prisma's types.
export {
  openDatabase,
  pgliteDir,
  workspaceRoot,
  DatabaseLockedError,
  type Database,
  type DatabaseKind,
  type DatabaseOptions,
  type NotificationChannel,
  type Unsubscribe,
} from './client';
export { MigrationError } from './migrations';
export { createRepositories, type Repositories } from './repositories';
export type {
  CustomerOrderLine,
  CustomerRepository,
  CustomerSessionView,
  CustomerSummary,
  NewCustomerSession,
  NewSignInToken,
  StoredCustomer,
} from './repositories/customer-repository';
export type { ErasureWrite, PersonRecords, PrivacyRepository, StalePayload } from './repositories/privacy-repository';
export { seedCatalog, seedCatalogIfEmpty, DEMO_CATALOG } from './seed';
export type { CursorCodec } from './cursor';

export type {
  NewProduct,
  ProductChange,
  ProductDecision,
  ProductRepository,
  StoredProduct,
} from './repositories/product-repository';
export type {
  CancellationClaim,
  CreateOrderInput,
  ExpiryCandidate,
  OrderRepository,
  StoredOrder,
} from './repositories/order-repository';
export {
  LostClaimError,
  type EventMark,
  type LockedPayment,
  type NewAuthorizationAction,
  type NewRefundRequest,
  type StoredAuthorizationAction,
  type PaymentIntentFacts,
  type PaymentTransaction,
  type PaymentTransactions,
  type RefundLine,
  type RefundUpdate,
} from './repositories/payment-transactions';
export type { Actor, RefundFacts, StaffRef, StoredRefund } from './repositories/refund-rows';
export type { RefundRepository } from './repositories/refund-repository';
export type { AuthorizationRepository, OpenAuthorization } from './repositories/authorization-repository';
export type { ReviewRepository, StoredEarlyFraudWarning, StoredReview } from './repositories/review-repository';
export type { DisputeRepository, StoredDispute } from './repositories/dispute-repository';
export type {
  RejectionCount,
  WebhookInboxEvent,
  WebhookInboxRepository,
} from './repositories/webhook-inbox-repository';
export type {
  ClaimedWebhookEvent,
  ClaimOptions,
  ProcessingFailure,
  WebhookProcessingRepository,
} from './repositories/webhook-processing-repository';
export type {
  ReconciliationOutcome,
  ReconciliationRepository,
  ReconciliationRunView,
} from './repositories/reconciliation-repository';
export type {
  NewStaffMember,
  NewStaffSession,
  StaffCredentials,
  StaffDecision,
  StaffMember,
  StaffRepository,
  StaffSessionView,
  StaffUpdateOutcome,
} from './repositories/staff-repository';
export {
  auditCursor,
  type AuditEntry,
  type AuditPage,
  type AuditQuery,
  type AuditRecord,
  type AuditRepository,
} from './repositories/audit-repository';
export {
  inboxEventCursor,
  type InboxEventPosition,
  type InboxEventQuery,
  type InboxEventSummary,
  type ReplayOutcome,
  type WebhookAdminRepository,
} from './repositories/webhook-admin-repository';
export {
  disputeTotalsSql,
  parsePaymentSearch,
  paymentCursor,
  paymentListSql,
  type PaymentCursor,
  type PaymentExplorerFilters,
  type PaymentExplorerPage,
  type PaymentExplorerQuery,
  type PaymentExplorerRepository,
  type PaymentExplorerRow,
  type PaymentSearch,
} from './repositories/payment-explorer-repository';
export type { PaymentDetailRecord, PaymentDetailRepository } from './repositories/payment-detail-repository';
export type { StoredPaymentAnomaly } from './repositories/payment-anomaly-rows';
export type {
  LocalDispute,
  LocalRefund,
  LocalSettlement,
  MirroredPayment,
  PaymentDriftRepository,
} from './repositories/payment-drift-repository';
export {
  webhookHealthSql,
  type HealthWindowRange,
  type LagFigures,
  type WebhookHealthFigures,
  type WebhookHealthRepository,
} from './repositories/webhook-health-repository';
export type { OperationsGaugeFigures, OperationsGaugesRepository } from './repositories/operations-gauges-repository';
export type {
  ClaimedOutboxMessage,
  NewOutboxMessage,
  OrderForNotification,
  OutboxClaimOptions,
  OutboxEntryView,
  OutboxMessageStatus,
  OutboxOutcome,
  OutboxRepository,
  ReplayOutcome as OutboxReplayOutcome,
} from './repositories/outbox-repository';
export { explainQuery, type QueryPlanSummary } from './query-plans';
export { traceDatabase } from './tracing';
