import type {
  AdminSession,
  PaymentDetail,
  PaymentListItem,
  RefundView,
  StaffRole,
  WebhookHealth,
} from '@storepay/payments-core';
import { fakeFetch, jsonResponse, productFixtures, type FetchResponder } from '@storepay/payments-core/testing';
import { vi } from 'vitest';

export { jsonResponse } from '@storepay/payments-core/testing';

export const { tote, mug, scarf } = productFixtures;

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
  body: unknown;
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
