import type {
  AuthorizationActionView,
  AuthorizationView,
  DisputeView,
  EarlyFraudWarningView,
  OpenAuthorizationView,
  ReviewView,
  AdminCustomer,
  AdminProduct,
  AdminCustomerDetail,
  AdminSession,
  ErasureResult,
  PaymentDetail,
  PaymentListItem,
  PersonalDataExport,
  Product,
  RefundView,
  StaffRole,
  WebhookHealth,
} from '@storepay/payments-core';
import { fakeFetch, jsonResponse, productFixtures, type FetchResponder } from '@storepay/payments-core/testing';
import { vi } from 'vitest';

export { jsonResponse } from '@storepay/payments-core/testing';

/** A shop product as GET /api/admin/products lists it: active unless told otherwise, with its timestamps. */
export function adminProduct(product: Product, overrides: Partial<AdminProduct> = {}): AdminProduct {
  return {
    ...product,
    active: true,
    createdAt: '2026-10-01T09:00:00.000Z',
    updatedAt: '2026-11-20T09:00:00.000Z',
    ...overrides,
  };
}

/** The three catalog products of payments-core's fixtures, as the admin API lists them (all active). */
export const tote = adminProduct(productFixtures.tote);
export const mug = adminProduct(productFixtures.mug);
export const scarf = adminProduct(productFixtures.scarf);

/** Replaces global fetch (vitest unstubs it after each test); each call gets the next responder (the last repeats). */
export function mockFetch(...responders: FetchResponder[]) {
  const fetchMock = vi.fn(fakeFetch(...responders));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

export interface ApiCall {
  method: string;
  path: string;
  search: URLSearchParams;
  headers: Record<string, string>;
  /** A JSON body, parsed. */
  body: unknown;
  /** The body as sent (a File or Blob for an upload; the JSON text otherwise). */
  rawBody: unknown;
}

type RouteHandler = (call: ApiCall) => Response | Promise<Response>;

/**
 * A fake API by route: keys are "METHOD /path" (no query string), values answer the call. Unknown routes answer
 * 404 `not_found`, so a test sees what the app asked for. `calls` records every request in order.
 */
export function mockApi(routes: Record<string, RouteHandler>) {
  const calls: ApiCall[] = [];
  const fetchMock = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input), 'http://admin.test');
    const call: ApiCall = {
      method: (init?.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      search: url.searchParams,
      headers: { ...(init?.headers as Record<string, string> | undefined) },
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      rawBody: init?.body,
    };
    calls.push(call);
    const handler = routes[`${call.method} ${call.path}`];
    if (!handler)
      return jsonResponse({ error: { code: 'not_found', message: `No mock for ${call.method} ${call.path}` } }, 404);
    return handler(call);
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    fetchMock,
    calls,
    callsTo: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path),
  };
}

export const apiError = (status: number, code: string, message: string, fields?: Record<string, string>) =>
  jsonResponse({ error: { code, message, ...(fields ? { fields } : {}) } }, status);

const STAFF_IDS: Record<StaffRole, string> = {
  viewer: '11111111-1111-4111-8111-111111111111',
  support: '22222222-2222-4222-8222-222222222222',
  admin: '33333333-3333-4333-8333-333333333333',
};

export function sessionFor(role: StaffRole, csrfToken = `csrf-${role}`): AdminSession {
  return {
    staff: {
      id: STAFF_IDS[role],
      email: `${role}@storepay.test`,
      name: `${role[0]?.toUpperCase()}${role.slice(1)} Person`,
      role,
      active: true,
      lastLoginAt: '2026-11-26T08:00:00.000Z',
      lockedUntil: null,
      mustChangePassword: false,
      createdById: null,
      createdAt: '2026-01-01T00:00:00.000Z',
    },
    csrfToken,
    expiresAt: '2026-11-26T20:00:00.000Z',
  };
}

export const ORDER_ID = '9b2f7c1e-5d4a-4e3b-8c2d-1a0b9c8d7e6f';

export function paymentItem(overrides: Partial<PaymentListItem> = {}): PaymentListItem {
  return {
    orderId: ORDER_ID,
    paymentIntentId: 'pi_123',
    status: 'paid',
    paymentStatus: 'succeeded',
    amount: 2400,
    amountRefunded: 0,
    currency: 'usd',
    email: 'ada@example.test',
    cardBrand: 'visa',
    cardLast4: '4242',
    createdAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}

export function refundView(overrides: Partial<RefundView> = {}): RefundView {
  return {
    id: 'c0ffee00-0000-4000-8000-000000000001',
    orderId: ORDER_ID,
    amount: 1000,
    currency: 'usd',
    status: 'succeeded',
    source: 'admin',
    reason: 'requested_by_customer',
    note: null,
    stripeRefundId: 're_1',
    failureReason: null,
    requestedBy: { id: STAFF_IDS.support, email: 'support@storepay.test' },
    approvedBy: null,
    approvedAt: null,
    rejectedBy: null,
    rejectedAt: null,
    rejectionNote: null,
    createdAt: '2026-11-21T10:00:00.000Z',
    ...overrides,
  };
}

export function paymentDetail(overrides: Partial<PaymentDetail> = {}): PaymentDetail {
  return {
    orderId: ORDER_ID,
    paymentId: 'pay_1',
    paymentIntentId: 'pi_123',
    status: 'paid',
    paymentStatus: 'succeeded',
    currency: 'usd',
    amount: 2400,
    amountReceived: 2400,
    amountRefunded: 0,
    refundable: 2400,
    email: 'ada@example.test',
    items: [{ name: 'Linen tote', quantity: 1, unitAmount: 2400 }],
    card: { brand: 'visa', last4: '4242', country: 'US', expMonth: 12, expYear: 2030 },
    risk: { level: 'normal', outcomeType: 'authorized', networkStatus: 'approved_by_network' },
    failure: null,
    dispute: null,
    authorization: null,
    reviews: [],
    earlyFraudWarnings: [],
    createdAt: '2026-11-20T10:00:00.000Z',
    paidAt: '2026-11-20T10:00:05.000Z',
    refunds: [],
    anomalies: [],
    timeline: [
      {
        at: '2026-11-20T10:00:00.000Z',
        kind: 'checkout',
        title: 'Checkout started',
        detail: null,
        status: null,
        actor: null,
      },
      {
        at: '2026-11-20T10:00:05.000Z',
        kind: 'stripe_event',
        title: 'payment_intent.succeeded',
        detail: null,
        status: 'processed',
        actor: null,
      },
    ],
    ...overrides,
  };
}

/** A PaymentIntent made elsewhere that named our order: recorded, never applied. */
export const foreignAnomaly = {
  orderId: ORDER_ID,
  paymentIntentId: 'pi_foreign',
  kind: 'foreign_payment_intent' as const,
  source: 'webhook' as const,
  eventId: 'evt_foreign',
  expected: 'pi_123',
  actual: 'pi_foreign',
  detectedAt: '2026-11-26T11:30:00.000Z',
};

export const healthFixture: WebhookHealth = {
  window: '24h',
  from: '2026-11-25T12:00:00.000Z',
  to: '2026-11-26T12:00:00.000Z',
  counts: { received: 2, processing: 1, processed: 120, ignored: 7, failed: 3, dead: 1, total: 134 },
  byType: [
    { type: 'payment_intent.succeeded', total: 100, processed: 98, failed: 2, dead: 0, successRate: 0.98 },
    { type: 'charge.refunded', total: 20, processed: 18, failed: 1, dead: 1, successRate: 0.9 },
  ],
  lag: { p50Ms: 850, p95Ms: 4200 },
  lagSeries: [
    { at: '2026-11-26T10:00:00.000Z', count: 40, p50Ms: 800, p95Ms: 4000 },
    { at: '2026-11-26T11:00:00.000Z', count: 50, p50Ms: 900, p95Ms: 4400 },
  ],
  signatureFailures: 5,
  rejectionsByReason: [{ reason: 'bad_signature', count: 5 }],
  backlog: { count: 3, oldestAgeMs: 125_000 },
  lastEventAt: '2026-11-26T11:59:00.000Z',
  anomalies: { count: 1, latest: [foreignAnomaly] },
};

export const CUSTOMER_ID = '7c3e9a10-4b2d-4f6e-9a8b-2c1d0e9f8a7b';

/** A shopper's account as an admin sees it (viewers and support get the email masked: `a***@example.test`). */
export function adminCustomer(overrides: Partial<AdminCustomer> = {}): AdminCustomer {
  return {
    id: CUSTOMER_ID,
    email: 'ada@example.test',
    stripeCustomerId: 'cus_ada',
    createdAt: '2026-10-01T09:00:00.000Z',
    lastSignInAt: '2026-11-25T18:30:00.000Z',
    orders: 2,
    ...overrides,
  };
}

export function customerDetail(overrides: Partial<AdminCustomerDetail> = {}): AdminCustomerDetail {
  return {
    customer: adminCustomer(),
    emailsMasked: false,
    orders: [
      {
        id: ORDER_ID,
        status: 'partially_refunded',
        amount: 2400,
        amountRefunded: 1000,
        currency: 'usd',
        createdAt: '2026-11-20T10:00:00.000Z',
        payment: { status: 'succeeded', cardBrand: 'visa', cardLast4: '4242' },
      },
      {
        id: '0a0a0a0a-0000-4000-8000-000000000002',
        status: 'paid',
        amount: 1500,
        amountRefunded: 0,
        currency: 'jpy',
        createdAt: '2026-11-21T10:00:00.000Z',
        payment: { status: 'succeeded', cardBrand: 'mastercard', cardLast4: '4444' },
      },
    ],
    savedCards: [
      { brand: 'visa', last4: '4242', expMonth: 4, expYear: 2031, isDefault: true },
      { brand: 'amex', last4: '0005', expMonth: 12, expYear: 2029, isDefault: false },
    ],
    notifications: [
      {
        id: 'n-1',
        orderId: ORDER_ID,
        label: 'Payment receipt',
        status: 'sent',
        recipient: 'a***@example.test',
        createdAt: '2026-11-20T10:00:06.000Z',
        sentAt: '2026-11-20T10:00:09.000Z',
      },
    ],
    ...overrides,
  };
}

/** What POST /api/admin/privacy/export answers: a person with an account, one paid order and one refund. */
export function personalDataExport(overrides: Partial<PersonalDataExport> = {}): PersonalDataExport {
  return {
    exportedAt: '2026-11-26T12:00:00.000Z',
    email: 'ada@example.test',
    account: {
      id: CUSTOMER_ID,
      email: 'ada@example.test',
      locale: 'en',
      stripeCustomerId: 'cus_ada',
      createdAt: '2026-10-01T09:00:00.000Z',
      lastSignInAt: null,
    },
    orders: [
      {
        id: ORDER_ID,
        status: 'partially_refunded',
        email: 'ada@example.test',
        currency: 'usd',
        amount: 2400,
        amountRefunded: 1000,
        locale: 'en',
        createdAt: '2026-11-20T10:00:00.000Z',
        paidAt: '2026-11-20T10:00:05.000Z',
        expiredAt: null,
        items: [{ name: 'Linen tote', quantity: 1, unitAmount: 2400 }],
      },
    ],
    payments: [
      {
        id: 'pay_1',
        orderId: ORDER_ID,
        paymentIntentId: 'pi_123',
        chargeId: 'ch_1',
        status: 'succeeded',
        currency: 'usd',
        amount: 2400,
        amountReceived: 2400,
        amountRefunded: 1000,
        email: 'ada@example.test',
        paymentMethodType: 'card',
        card: { brand: 'visa', last4: '4242', expMonth: 4, expYear: 2031, country: 'US' },
        createdAt: '2026-11-20T10:00:00.000Z',
      },
    ],
    refunds: [
      {
        id: 'c0ffee00-0000-4000-8000-000000000001',
        paymentId: 'pay_1',
        stripeRefundId: 're_1',
        amount: 1000,
        currency: 'usd',
        status: 'succeeded',
        reason: 'requested_by_customer',
        note: null,
        createdAt: '2026-11-21T10:00:00.000Z',
      },
    ],
    disputes: [],
    paymentAnomalies: [],
    notifications: [
      {
        id: 'n-1',
        orderId: ORDER_ID,
        kind: 'order.paid',
        label: 'Payment receipt',
        status: 'sent',
        recipient: 'ada@example.test',
        createdAt: '2026-11-20T10:00:06.000Z',
        sentAt: '2026-11-20T10:00:09.000Z',
      },
      {
        id: 'n-2',
        orderId: ORDER_ID,
        kind: 'refund.succeeded',
        label: 'Refund confirmation',
        status: 'sent',
        recipient: 'ada@example.test',
        createdAt: '2026-11-21T10:00:06.000Z',
        sentAt: '2026-11-21T10:00:09.000Z',
      },
    ],
    signIns: { links: [], sessions: [] },
    stripeEvents: [],
    ...overrides,
  };
}

export const erasureResult: ErasureResult = {
  account: true,
  stripeCustomerDeleted: true,
  orders: 1,
  payments: 1,
  refunds: 1,
  notifications: 2,
  stripeEvents: 4,
  signIns: 3,
};

/** An ISO instant `hours` from now (negative: ago), for deadlines the UI compares with the clock. */
export const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

export function authorizationAction(overrides: Partial<AuthorizationActionView> = {}): AuthorizationActionView {
  return {
    id: 'a0a0a0a0-0000-4000-8000-0000000000a1',
    orderId: ORDER_ID,
    kind: 'capture',
    amount: 1200,
    currency: 'usd',
    status: 'succeeded',
    reason: null,
    failureReason: null,
    requestedBy: { id: STAFF_IDS.support, email: 'support@storepay.test' },
    createdAt: '2026-11-21T10:00:00.000Z',
    ...overrides,
  };
}

/** A manual-capture payment's open authorisation of $24.00, lapsing in three days. */
export function authorizationView(overrides: Partial<AuthorizationView> = {}): AuthorizationView {
  return {
    captureMethod: 'manual',
    amountCapturable: 2400,
    authorizedAt: '2026-11-20T10:00:05.000Z',
    captureBefore: hoursFromNow(72),
    expiringSoon: false,
    actions: [],
    ...overrides,
  };
}

/** A payment authorised and not captured yet: nothing received, nothing refundable. */
export function authorizedPayment(overrides: Partial<PaymentDetail> = {}): PaymentDetail {
  return paymentDetail({
    status: 'authorized',
    paymentStatus: 'requires_capture',
    amountReceived: 0,
    refundable: 0,
    paidAt: null,
    authorization: authorizationView(),
    ...overrides,
  });
}

export function openAuthorization(overrides: Partial<OpenAuthorizationView> = {}): OpenAuthorizationView {
  return {
    orderId: ORDER_ID,
    paymentIntentId: 'pi_123',
    currency: 'usd',
    amount: 2400,
    amountCapturable: 2400,
    authorizedAt: '2026-11-20T10:00:05.000Z',
    captureBefore: hoursFromNow(72),
    expiringSoon: false,
    email: 'ada@example.test',
    cardBrand: 'visa',
    cardLast4: '4242',
    pendingAction: null,
    ...overrides,
  };
}

export const REVIEW_ID = 'e1e1e1e1-0000-4000-8000-0000000000e1';

export function reviewView(overrides: Partial<ReviewView> = {}): ReviewView {
  return {
    id: REVIEW_ID,
    stripeReviewId: 'prv_1',
    orderId: ORDER_ID,
    open: true,
    reason: 'rule',
    openedReason: 'rule',
    closedReason: null,
    decision: null,
    decidedBy: null,
    decidedAt: null,
    amount: 2400,
    currency: 'usd',
    orderStatus: 'paid',
    riskLevel: 'elevated',
    riskScore: 72,
    cardBrand: 'visa',
    cardLast4: '4242',
    email: 'ada@example.test',
    createdAt: '2026-11-20T10:00:06.000Z',
    ...overrides,
  };
}

export function earlyFraudWarning(overrides: Partial<EarlyFraudWarningView> = {}): EarlyFraudWarningView {
  return {
    stripeWarningId: 'issfr_1',
    orderId: ORDER_ID,
    fraudType: 'made_with_stolen_card',
    actionable: true,
    amount: 2400,
    refundable: 2400,
    currency: 'usd',
    createdAt: '2026-11-22T10:00:00.000Z',
    ...overrides,
  };
}

export const DISPUTE_ID = 'd1d1d1d1-0000-4000-8000-0000000000d1';

/** An open dispute needing a response, evidence due in five days, with a draft of one field. */
export function disputeView(overrides: Partial<DisputeView> = {}): DisputeView {
  return {
    id: DISPUTE_ID,
    stripeDisputeId: 'dp_1',
    orderId: ORDER_ID,
    amount: 2400,
    currency: 'usd',
    reason: 'product_not_received',
    status: 'needs_response',
    open: true,
    evidenceDueBy: hoursFromNow(120),
    evidence: { product_description: 'A linen tote bag' },
    evidenceSavedAt: '2026-11-23T10:00:00.000Z',
    evidenceSubmittedAt: null,
    createdAt: '2026-11-22T12:00:00.000Z',
    ...overrides,
  };
}
