// The composition root: every process kind (the HTTP API, the worker) builds its repositories, its one Stripe
// client and gateway, and its use cases here, once. Transports get the bound use cases and nothing else.
import {
  createRepositories,
  type ClaimOptions,
  type Database,
  type OutboxOutcome,
  type Repositories,
} from '@storepay/db';
import type { EmailMessage } from '@storepay/emails';
import { DEFAULT_RETRY_POLICY, type HealthWindow } from '@storepay/payments-core';
import {
  createStripeClient,
  type StripeAttempt,
  createStripeEventSource,
  createStripePaymentGateway,
  type PaymentGateway,
  type StripeEventSource,
} from '@storepay/payments-core/server';
import type Stripe from 'stripe';
import { DEMO_ADMIN, type Config } from './config';
import { createSmtpMailer } from './notifications/smtp-mailer';
import { createLimitStores } from './security/limits';
import { hashPassword, verifyAgainstNobody, verifyPassword } from './security/passwords';
import { newToken, tokenHash } from './security/tokens';
import {
  exportPayments,
  listAudit,
  listInboxEvents,
  listPayments,
  listReconciliations,
  listRefunds,
  paymentDetail,
} from './use-cases/admin-queries';
import { accountOrders, claimGuestOrders } from './use-cases/account-orders';
import {
  listPaymentMethods,
  removePaymentMethod,
  setDefaultPaymentMethod,
  startCardSetup,
} from './use-cases/account-payment-methods';
import { applyWebhookEvents } from './use-cases/apply-webhook-events';
import { approveRefund, rejectRefund, resendRefund } from './use-cases/decide-refund';
import { deliverNotifications, type Mailer } from './use-cases/deliver-notifications';
import { expireOrders } from './use-cases/expire-orders';
import { listNotifications, replayNotification } from './use-cases/manage-notifications';
import { pruneRecords } from './use-cases/housekeeping';
import { customerDetail, searchCustomers } from './use-cases/admin-customers';
import { createProduct, listCatalog, updateProduct } from './use-cases/manage-catalog';
import { erasePersonalData, exportPersonalData, stripOldPayloads } from './use-cases/privacy';
import {
  addStaffMember,
  changePassword,
  createStaff,
  ensureFirstAdmin,
  forcePasswordReset,
  listStaff,
  refuseDemoPasswords,
  resetPasswordByOperator,
  signOutEverywhere,
  unlockStaff,
  updateStaff,
} from './use-cases/manage-staff';
import { systemClock, type Clock, type Logger } from './use-cases/ports';
import { reconcile, runReconciliation, type ReconciliationReport } from './use-cases/reconcile';
import { receiveWebhook, refuseWebhook } from './use-cases/receive-webhook';
import { replayEvent, replayEvents } from './use-cases/replay-events';
import { refundOrRelease } from './use-cases/request-refund';
import { decideAuthorization, sweepAuthorizations } from './use-cases/decide-authorization';
import { approveReview, listReviews, refuseReview } from './use-cases/work-reviews';
import {
  attachDisputeFile,
  listDisputes,
  saveDisputeEvidence,
  submitDisputeEvidence,
} from './use-cases/dispute-evidence';
import { listAuthorizations } from './use-cases/admin-queries';
import { sendUnsentRefunds } from './use-cases/send-refund';
import { findSession, signIn, signOut, type PasswordHasher } from './use-cases/sign-in';
import {
  findShopperSession,
  issueSignInToken,
  redeemSignInLink,
  requestSignInLink,
  signOutShopper,
} from './use-cases/shopper-sign-in';
import { startCheckout } from './use-cases/start-checkout';
import { viewOrder } from './use-cases/view-order';
import { webhookHealth } from './use-cases/webhook-health';
import { createRejectionCounter } from './webhooks/rejection-counter';

/** Stand-ins for what a process would otherwise build from the config (tests). */
export interface ServiceOverrides {
  gateway?: PaymentGateway;
  stripeEvents?: StripeEventSource;
  clock?: Clock;
  /** Sends the notifications (default: SMTP to SMTP_URL; without one, nothing is sent). */
  mailer?: Mailer & { close?(): void };
}

export interface ComposeOptions extends ServiceOverrides {
  config: Config;
  database: Database;
  log: Logger;
  /** Told of every HTTP attempt to Stripe (the metrics). */
  onStripeAttempt?: (attempt: StripeAttempt) => void;
  /** Told how each reconciliation run ended (the metrics). */
  onReconciliation?: (report: ReconciliationReport) => void;
  /** Told of every notification attempt's outcome (the metrics). */
  onNotification?: (kind: string, result: OutboxOutcome['status']) => void;
}

/** The domain every Message-ID ends with: MAIL_FROM's. */
export function mailDomain(from: string): string {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  return address.split('@').pop()?.trim() || 'storepay.local';
}

/** How long a notification's claim holds: far longer than a send may take (the SMTP timeouts add up to 50 s). */
export const NOTIFICATION_LEASE_MS = 5 * 60_000;

/** The webhook signing secrets accepted right now; demo mode adds the emulator's once it has registered. */
export interface WebhookSecrets {
  readonly list: readonly string[];
  add(secret: string): void;
}

function createWebhookSecrets(initial: readonly string[]): WebhookSecrets {
  let list: readonly string[] = [...initial];
  return {
    get list() {
      return list;
    },
    add(secret) {
      if (!list.includes(secret)) list = [...list, secret];
    },
  };
}

const passwords: PasswordHasher = { hash: hashPassword, verify: verifyPassword, verifyAgainstNobody };

/**
 * The email renderer (React, react-email, their templates), loaded by the first send: the HTTP processes, which never
 * send, do not carry it.
 */
const renderEmailLazily = async (message: EmailMessage) => (await import('@storepay/emails')).renderEmail(message);

/** Binds a use case to its ports: the transport passes only the input. */
function bind<P, A extends unknown[], R>(use: (ports: P, ...args: A) => R, ports: P): (...args: A) => R {
  return (...args) => use(ports, ...args);
}

/** Everything one process builds once. */
export function composeServices({
  config,
  database,
  log,
  gateway,
  stripeEvents,
  clock = systemClock,
  onStripeAttempt,
  onReconciliation,
  onNotification,
  mailer: givenMailer,
}: ComposeOptions) {
  const repositories: Repositories = createRepositories(database);
  const stripe: Stripe = createStripeClient({
    secretKey: config.stripe.secretKey,
    apiBase: config.stripe.apiBase,
    timeoutMs: config.stripe.timeoutMs,
    onAttempt: onStripeAttempt,
  });
  const payments = gateway ?? createStripePaymentGateway(stripe);
  const events = stripeEvents ?? createStripeEventSource(stripe);
  const webhookSecrets = createWebhookSecrets(config.stripe.webhookSecrets);
  const limitStores = createLimitStores({ redisUrl: config.redisUrl, rules: config.limits, log });
  const { limits, throttle } = limitStores;
  const notifications = config.notifications;
  const mailer =
    givenMailer ??
    (notifications.smtpUrl ? createSmtpMailer({ url: notifications.smtpUrl, from: notifications.from }) : null);
  const rejections = createRejectionCounter({ webhookInbox: repositories.webhookInbox, clock, log });

  const sendPorts = {
    refunds: repositories.refunds,
    paymentTransactions: repositories.paymentTransactions,
    gateway: payments,
    clock,
  };
  const authorizationPorts = { paymentTransactions: repositories.paymentTransactions, gateway: payments };
  const disputePorts = {
    paymentTransactions: repositories.paymentTransactions,
    gateway: payments,
    disputes: repositories.disputes,
  };
  const reviewPorts = {
    ...sendPorts,
    approvalThresholds: config.admin.refundApprovalThresholds,
    reviews: repositories.reviews,
  };
  const staffPorts = { staff: repositories.staff, passwords, demoPassword: DEMO_ADMIN.password };
  const accountPorts = { ...staffPorts, throttle, limits, clock, audit: repositories.audit };
  const tokens = { newToken, tokenHash };
  const signInPorts = {
    staff: repositories.staff,
    audit: repositories.audit,
    passwords,
    tokens,
    clock,
    sessionTtlMs: config.admin.sessionTtlMs,
    limits,
    throttle,
  };
  const drift = {
    paymentDrift: repositories.paymentDrift,
    paymentTransactions: repositories.paymentTransactions,
    gateway: payments,
    log,
  };
  const reconcilePorts = {
    stripeEvents: events,
    webhookInbox: repositories.webhookInbox,
    reconciliationRuns: repositories.reconciliationRuns,
    drift,
    clock,
    onRunEnded: onReconciliation,
  };
  const shopperPorts = {
    customers: repositories.customers,
    outbox: repositories.outbox,
    tokens,
    limits,
    clock,
    linkTtlMs: config.shop.signInLinkTtlMs,
    sessionTtlMs: config.shop.sessionTtlMs,
  };
  const paymentMethodsPorts = { customers: repositories.customers, gateway: payments, clock };
  const privacyPorts = { privacy: repositories.privacy, gateway: payments, audit: repositories.audit, clock };
  const receivePorts = {
    webhookInbox: repositories.webhookInbox,
    rejections,
    webhookSecrets: () => webhookSecrets.list,
    toleranceSeconds: config.webhooks.toleranceSeconds,
  };

  const useCases = {
    // Shop
    listProducts: () => repositories.products.listActive(),
    listCatalog: () => listCatalog({ products: repositories.products }),
    createProduct: bind(createProduct, { products: repositories.products }),
    updateProduct: bind(updateProduct, { products: repositories.products }),
    startCheckout: bind(startCheckout, {
      products: repositories.products,
      orders: repositories.orders,
      gateway: payments,
      limits,
      log,
      livemode: config.stripe.livemode,
      captureMethod: config.orders.captureMethod,
      customers: repositories.customers,
      clock,
    }),
    viewOrder: bind(viewOrder, {
      orders: repositories.orders,
      gateway: payments,
      paymentTransactions: repositories.paymentTransactions,
      limits,
      clock,
      log,
      refreshMaxAgeMs: config.orders.refreshMaxAgeMs,
      viewDays: config.orders.viewDays,
    }),
    expireOrders: bind(expireOrders, {
      orders: repositories.orders,
      paymentTransactions: repositories.paymentTransactions,
      gateway: payments,
      clock,
      log,
      ttlMs: config.orders.paymentTtlMs,
    }),
    // Shoppers' accounts
    requestSignInLink: bind(requestSignInLink, shopperPorts),
    redeemSignInLink: bind(redeemSignInLink, shopperPorts),
    findShopperSession: bind(findShopperSession, shopperPorts),
    signOutShopper: bind(signOutShopper, shopperPorts),
    accountOrders: bind(accountOrders, { customers: repositories.customers }),
    listPaymentMethods: bind(listPaymentMethods, paymentMethodsPorts),
    removePaymentMethod: bind(removePaymentMethod, paymentMethodsPorts),
    setDefaultPaymentMethod: bind(setDefaultPaymentMethod, paymentMethodsPorts),
    startCardSetup: bind(startCardSetup, paymentMethodsPorts),
    claimGuestOrders: bind(claimGuestOrders, { customers: repositories.customers }),
    // Personal data
    exportPersonalData: bind(exportPersonalData, privacyPorts),
    erasePersonalData: bind(erasePersonalData, privacyPorts),
    stripOldPayloads: () =>
      stripOldPayloads({
        privacy: repositories.privacy,
        clock,
        retentionDays: config.privacy.payloadRetentionDays,
      }),
    searchCustomers: bind(searchCustomers, { customers: repositories.customers }),
    customerDetail: bind(customerDetail, {
      customers: repositories.customers,
      privacy: repositories.privacy,
      gateway: payments,
    }),
    // Webhooks
    receiveWebhook: bind(receiveWebhook, receivePorts),
    refuseWebhook: bind(refuseWebhook, receivePorts),
    applyWebhookEvents: bind(applyWebhookEvents, {
      paymentTransactions: repositories.paymentTransactions,
      webhookProcessing: repositories.webhookProcessing,
      clock,
      retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: config.webhookWorker.maxAttempts },
    }),
    claimWebhookEvents: (options: ClaimOptions) => repositories.webhookProcessing.claim(options),
    reconcile: bind(reconcile, reconcilePorts),
    runReconciliation: bind(runReconciliation, { ...reconcilePorts, audit: repositories.audit }),
    sendUnsentRefunds: bind(sendUnsentRefunds, sendPorts),
    pruneRecords: () =>
      pruneRecords({
        staff: repositories.staff,
        customers: repositories.customers,
        webhookInbox: repositories.webhookInbox,
        clock,
      }),
    replayEvent: bind(replayEvent, { webhookAdmin: repositories.webhookAdmin }),
    replayEvents: bind(replayEvents, { webhookAdmin: repositories.webhookAdmin }),
    listInboxEvents: bind(listInboxEvents, { webhookAdmin: repositories.webhookAdmin }),
    webhookHealth: (window: HealthWindow) =>
      webhookHealth({ webhookHealth: repositories.webhookHealth, clock }, window),
    // Notifications: null without a mail server (the rows wait in the outbox).
    deliverNotifications: mailer
      ? (workerId: string, limit: number) =>
          deliverNotifications(
            {
              outbox: repositories.outbox,
              mailer,
              render: renderEmailLazily,
              clock,
              links: { shopUrl: notifications.shopUrl, adminUrl: notifications.adminUrl },
              signInLinks: {
                issue: (email: string) => issueSignInToken(shopperPorts, email),
                expiresInMinutes: Math.round(config.shop.signInLinkTtlMs / 60_000),
              },
              messageIdDomain: mailDomain(notifications.from),
              retry: { maxAttempts: notifications.maxAttempts, baseDelayMs: notifications.retryBaseMs },
              leaseMs: NOTIFICATION_LEASE_MS,
              workerId,
              log,
              observe: onNotification,
            },
            { limit },
          )
      : null,
    replayNotification: bind(replayNotification, { outbox: repositories.outbox, audit: repositories.audit }),
    listNotifications: bind(listNotifications, { outbox: repositories.outbox }),
    // The metrics' gauges (a read, no rule).
    operationsGauges: () => repositories.operationsGauges.read(),
    listReconciliations: () => listReconciliations({ reconciliationRuns: repositories.reconciliationRuns }),
    // Refunds
    refundOrRelease: bind(refundOrRelease, {
      ...sendPorts,
      approvalThresholds: config.admin.refundApprovalThresholds,
    }),
    approveRefund: bind(approveRefund, { ...sendPorts, staff: repositories.staff }),
    rejectRefund: bind(rejectRefund, sendPorts),
    resendRefund: bind(resendRefund, sendPorts),
    listRefunds: bind(listRefunds, { refunds: repositories.refunds }),
    // Disputes and their evidence
    listDisputes: bind(listDisputes, {
      disputes: repositories.disputes,
      paymentExplorer: repositories.paymentExplorer,
    }),
    findDispute: (id: string) => repositories.disputes.find(id),
    saveDisputeEvidence: bind(saveDisputeEvidence, disputePorts),
    attachDisputeFile: bind(attachDisputeFile, disputePorts),
    submitDisputeEvidence: bind(submitDisputeEvidence, disputePorts),
    // Radar reviews and early fraud warnings
    approveReview: bind(approveReview, reviewPorts),
    refuseReview: bind(refuseReview, reviewPorts),
    listReviews: bind(listReviews, { reviews: repositories.reviews }),
    listEarlyFraudWarnings: (query: { actionable?: boolean; limit: number }) =>
      repositories.reviews.listEarlyFraudWarnings(query),
    // Authorisations (manual capture)
    decideAuthorization: bind(decideAuthorization, authorizationPorts),
    sweepAuthorizations: () =>
      sweepAuthorizations({
        ...authorizationPorts,
        authorizations: repositories.authorizations,
        clock,
        expiryAction: config.orders.authorizationExpiryAction,
      }),
    listAuthorizations: bind(listAuthorizations, { authorizations: repositories.authorizations, clock }),
    // Payments explorer
    listPayments: bind(listPayments, { paymentExplorer: repositories.paymentExplorer }),
    exportPayments: bind(exportPayments, { paymentExplorer: repositories.paymentExplorer, audit: repositories.audit }),
    paymentDetail: bind(paymentDetail, { paymentDetail: repositories.paymentDetail }),
    // Staff
    signIn: bind(signIn, signInPorts),
    signOut: bind(signOut, signInPorts),
    findSession: bind(findSession, {
      staff: repositories.staff,
      tokens,
      clock,
      sessionIdleMs: config.admin.sessionIdleMs,
    }),
    changePassword: bind(changePassword, accountPorts),
    signOutEverywhere: bind(signOutEverywhere, accountPorts),
    forcePasswordReset: bind(forcePasswordReset, accountPorts),
    unlockStaff: bind(unlockStaff, accountPorts),
    listStaff: () => listStaff(accountPorts),
    createStaff: bind(createStaff, staffPorts),
    updateStaff: bind(updateStaff, staffPorts),
    addStaffMember: bind(addStaffMember, staffPorts),
    ensureFirstAdmin: bind(ensureFirstAdmin, { ...staffPorts, log }),
    refuseDemoPasswords: () => refuseDemoPasswords(staffPorts, DEMO_ADMIN.password),
    resetPasswordByOperator: bind(resetPasswordByOperator, accountPorts),
    listAudit: bind(listAudit, { audit: repositories.audit }),
  };

  return { database, stripe, webhookSecrets, limitStores, rejections, mailer, useCases };
}

export type Services = ReturnType<typeof composeServices>;
export type UseCases = Services['useCases'];
