import { connectionOf, type Database } from '../client';
import { createAuditRepository, type AuditRepository } from './audit-repository';
import { createAuthorizationRepository, type AuthorizationRepository } from './authorization-repository';
import { createReviewRepository, type ReviewRepository } from './review-repository';
import { createDisputeRepository, type DisputeRepository } from './dispute-repository';
import { createCustomerRepository, type CustomerRepository } from './customer-repository';
import { createOutboxRepository, type OutboxRepository } from './outbox-repository';
import { createOrderRepository, type OrderRepository } from './order-repository';
import { createPaymentDetailRepository, type PaymentDetailRepository } from './payment-detail-repository';
import { createPaymentDriftRepository, type PaymentDriftRepository } from './payment-drift-repository';
import { createPaymentExplorerRepository, type PaymentExplorerRepository } from './payment-explorer-repository';
import { createPaymentTransactions, type PaymentTransactions } from './payment-transactions';
import { createPrivacyRepository, type PrivacyRepository } from './privacy-repository';
import { createProductRepository, type ProductRepository } from './product-repository';
import { createReconciliationRepository, type ReconciliationRepository } from './reconciliation-repository';
import { createRefundRepository, type RefundRepository } from './refund-repository';
import { createStaffRepository, type StaffRepository } from './staff-repository';
import { createWebhookAdminRepository, type WebhookAdminRepository } from './webhook-admin-repository';
import { createWebhookHealthRepository, type WebhookHealthRepository } from './webhook-health-repository';
import { createOperationsGaugesRepository, type OperationsGaugesRepository } from './operations-gauges-repository';
import { createWebhookInboxRepository, type WebhookInboxRepository } from './webhook-inbox-repository';
import { createWebhookProcessingRepository, type WebhookProcessingRepository } from './webhook-processing-repository';

/** Every repository of one database, built once per process by its composition root. */
export interface Repositories {
  /** The one way to change payments, refunds and disputes: a transaction with their row locks. */
  paymentTransactions: PaymentTransactions;
  products: ProductRepository;
  orders: OrderRepository;
  refunds: RefundRepository;
  /** Open card authorisations (manual capture): the expiring list and the expiry sweep's work. */
  authorizations: AuthorizationRepository;
  /** Radar reviews and early fraud warnings, for the review queue. */
  reviews: ReviewRepository;
  /** Disputes and their evidence drafts, for the disputes page. */
  disputes: DisputeRepository;
  webhookInbox: WebhookInboxRepository;
  webhookProcessing: WebhookProcessingRepository;
  webhookAdmin: WebhookAdminRepository;
  webhookHealth: WebhookHealthRepository;
  /** The figures the metrics' gauges show, read at each scrape. */
  operationsGauges: OperationsGaugesRepository;
  reconciliationRuns: ReconciliationRepository;
  paymentDrift: PaymentDriftRepository;
  paymentExplorer: PaymentExplorerRepository;
  paymentDetail: PaymentDetailRepository;
  staff: StaffRepository;
  audit: AuditRepository;
  /** Notifications: claimed, sent and recorded by the notification workers. */
  outbox: OutboxRepository;
  /** Shoppers' accounts, sign-in links and sessions. */
  customers: CustomerRepository;
  /** Everything about one person, for their export and erasure; and the retention of raw payloads. */
  privacy: PrivacyRepository;
}

export function createRepositories(db: Database): Repositories {
  const { prisma, query } = connectionOf(db);
  return {
    paymentTransactions: createPaymentTransactions(prisma),
    products: createProductRepository(prisma),
    orders: createOrderRepository(prisma),
    refunds: createRefundRepository(prisma),
    authorizations: createAuthorizationRepository(prisma),
    reviews: createReviewRepository(prisma),
    disputes: createDisputeRepository(prisma),
    // The ingest hot path skips Prisma and batches concurrent inserts into one statement.
    webhookInbox: createWebhookInboxRepository(prisma, query),
    webhookProcessing: createWebhookProcessingRepository(prisma),
    webhookAdmin: createWebhookAdminRepository(prisma),
    webhookHealth: createWebhookHealthRepository(prisma),
    operationsGauges: createOperationsGaugesRepository(prisma),
    reconciliationRuns: createReconciliationRepository(prisma),
    paymentDrift: createPaymentDriftRepository(prisma),
    paymentExplorer: createPaymentExplorerRepository(prisma),
    paymentDetail: createPaymentDetailRepository(prisma),
    staff: createStaffRepository(prisma),
    audit: createAuditRepository(prisma),
    outbox: createOutboxRepository(prisma),
    customers: createCustomerRepository(prisma),
    privacy: createPrivacyRepository(prisma),
  };
}
