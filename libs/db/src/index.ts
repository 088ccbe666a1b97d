export {
  openDatabase,
  pgliteDir,
  workspaceRoot,
  DatabaseLockedError,
  type Database,
  type DatabaseKind,
  type DatabaseOptions,
} from './client';
export { MigrationError, readMigrations, type Migration } from './migrations';
export { createProductRepository, type ProductRepository } from './repositories/product-repository';
export {
  createOrderRepository,
  type CreateOrderInput,
  type OrderRepository,
  type PaymentIntentFacts,
  type StoredOrder,
} from './repositories/order-repository';
export {
  createWebhookInboxRepository,
  type WebhookInboxEvent,
  type WebhookInboxRepository,
  type WebhookInboxSource,
  type WebhookInboxStatus,
} from './repositories/webhook-inbox-repository';
export { seedCatalog, seedCatalogIfEmpty, DEMO_CATALOG } from './seed';
export type { PrismaClient } from './generated/prisma/client.ts';
export {
  createWebhookEffects,
  createWebhookProcessingRepository,
  type ClaimedWebhookEvent,
  type ClaimOptions,
  type ProcessingResult,
  type WebhookProcessingOptions,
  type WebhookProcessingRepository,
} from './repositories/webhook-processing-repository';
export {
  createReconciliationRepository,
  type ReconciliationOutcome,
  type ReconciliationRepository,
  type ReconciliationRunView,
} from './repositories/reconciliation-repository';
export {
  createStaffRepository,
  normalizeEmail,
  type LockoutPolicy,
  type NewStaffMember,
  type StaffCredentials,
  type StaffMember,
  type StaffRepository,
  type StaffRole,
  type StaffSessionView,
  type StaffUpdateOutcome,
  type SignInAttempt,
  type NewStaffSession,
} from './repositories/staff-repository';
export {
  appendAudit,
  createAuditRepository,
  type AuditEntry,
  type AuditPage,
  type AuditQuery,
  type AuditRecord,
  type AuditRepository,
} from './repositories/audit-repository';
export {
  createWebhookAdminRepository,
  decodeCursor,
  encodeCursor,
  type InboxEventQuery,
  type InboxEventSummary,
  type ReplayOutcome,
  type WebhookAdminRepository,
} from './repositories/webhook-admin-repository';
export {
  createRefundRepository,
  type Actor,
  type RefundDecisionOutcome,
  type RefundFacts,
  type RefundRepository,
  type RefundRequestInput,
  type RefundRequestOutcome,
  type StaffRef,
  type StoredRefund,
} from './repositories/refund-repository';
export {
  createPaymentExplorerRepository,
  decodePaymentCursor,
  encodePaymentCursor,
  parsePaymentSearch,
  paymentListSql,
  type PaymentCursor,
  type PaymentExplorerPage,
  type PaymentExplorerQuery,
  type PaymentExplorerRepository,
  type PaymentExplorerRow,
  type PaymentSearch,
} from './repositories/payment-explorer-repository';
export {
  createPaymentDetailRepository,
  type PaymentDetailRecord,
  type PaymentDetailRepository,
} from './repositories/payment-detail-repository';
export {
  BACKLOG_STATUSES,
  createWebhookHealthRepository,
  webhookHealthSql,
  type HealthWindowRange,
  type LagFigures,
  type WebhookHealthFigures,
  type WebhookHealthRepository,
} from './repositories/webhook-health-repository';
export { explainQuery, type QueryPlanSummary } from './query-plans';
