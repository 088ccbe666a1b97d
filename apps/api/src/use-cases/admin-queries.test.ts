import {
  paymentCursor,
  type AuditEntry,
  type PaymentDetailRecord,
  type PaymentExplorerRepository,
  type PaymentExplorerRow,
} from '@storepay/db';
import { describe, expect, it } from 'vitest';
import { exportPayments, listPayments, paymentDetail } from './admin-queries';

const row = (orderId: string, amount: number): PaymentExplorerRow => ({
  orderId,
  paymentIntentId: `pi_${orderId}`,
  status: 'paid',
  paymentStatus: 'succeeded',
  amount,
  amountRefunded: 0,
  currency: 'usd',
  email: 'buyer@example.com',
  cardBrand: 'visa',
  cardLast4: '4242',
  createdAt: new Date('2026-11-20T12:00:00.000Z'),
});

/** An explorer of three rows, read a page at a time; it records what it was asked. */
function explorer(reads: string[]): PaymentExplorerRepository {
  const rows = [row('a', 100), row('b', 200), row('c', 300)];
  return {
    async list(query) {
      reads.push(`list ${query.limit}`);
      return {
        rows: rows.slice(0, query.limit),
        next: { sort: 'created_desc', createdAt: rows[0]!.createdAt, id: '4b1d6a39-2f0e-4c61-9d2a-6e3f0c1b7a10' },
      };
    },
    async *iterate() {
      reads.push('iterate');
      yield* rows;
    },
    async disputeTotals(filters) {
      reads.push(`disputeTotals ${JSON.stringify(filters)}`);
      return { atRisk: { usd: 300 }, won: {}, lost: { eur: 100 } };
    },
  };
}

describe('admin queries', () => {
  it('pages the explorer with an opaque cursor the list route can read back', async () => {
    const page = await listPayments({ paymentExplorer: explorer([]) }, { sort: 'created_desc', limit: 2 });
    expect(page.payments.map((payment) => [payment.orderId, payment.createdAt])).toEqual([
      ['a', '2026-11-20T12:00:00.000Z'],
      ['b', '2026-11-20T12:00:00.000Z'],
    ]);
    expect(paymentCursor.decode(page.nextCursor!)).toMatchObject({ sort: 'created_desc', id: expect.any(String) });
  });

  it('audits an export (who, with which filter) before the first row is read', async () => {
    const reads: string[] = [];
    const audit: AuditEntry[] = [];
    const admin = {
      id: 'b0000000-0000-4000-8000-00000000000b',
      email: 'admin@shop.test',
      ip: '192.0.2.1',
      role: 'admin' as const,
    };
    const rows = await exportPayments(
      { paymentExplorer: explorer(reads), audit: { append: async (entry) => void audit.push(entry) } },
      { filters: { sort: 'created_desc', currency: 'usd' }, actor: admin },
    );
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'payments.exported',
        actorEmail: 'admin@shop.test',
        ip: '192.0.2.1',
        details: { filters: { sort: 'created_desc', currency: 'usd' }, emails: 'full' },
      }),
    ]);
    const exported = [];
    for await (const each of rows) exported.push([each.orderId, each.email]);
    expect(exported).toEqual([
      ['a', 'buyer@example.com'],
      ['b', 'buyer@example.com'],
      ['c', 'buyer@example.com'],
    ]);
  });

  it('keeps only a hash of a search term in the audit log, and masks every email for a role below admin', async () => {
    const audit: AuditEntry[] = [];
    const support = { id: 'a0000000-0000-4000-8000-00000000000a', email: 's@shop.test', ip: '192.0.2.2' };
    const rows = await exportPayments(
      { paymentExplorer: explorer([]), audit: { append: async (entry) => void audit.push(entry) } },
      {
        filters: { sort: 'created_desc', search: { kind: 'email', value: 'Buyer@Example.com' } },
        actor: { ...support, role: 'support' },
      },
    );
    expect(JSON.stringify(audit)).not.toMatch(/buyer/i);
    expect(audit[0]?.details).toEqual({
      filters: { sort: 'created_desc', search: { kind: 'email', sha256: expect.stringMatching(/^[0-9a-f]{16}$/) } },
      emails: 'masked',
    });
    const emails = [];
    for await (const each of rows) emails.push(each.email);
    expect(emails).toEqual(['b***@example.com', 'b***@example.com', 'b***@example.com']);
  });

  it("builds a payment's detail with what is still refundable and one timeline, oldest first", async () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 12, minute));
    const record: PaymentDetailRecord = {
      order: {
        id: 'o1',
        status: 'partially_refunded',
        currency: 'usd',
        amount: 5000,
        amountRefunded: 1000,
        email: 'buyer@example.com',
        createdAt: at(0),
        paidAt: at(2),
        captureMethod: 'automatic',
        items: [{ name: 'Kettle', quantity: 1, unitAmount: 5000 }],
      },
      payment: null,
      refunds: [],
      authorizationActions: [],
      reviews: [],
      earlyFraudWarnings: [],
      anomalies: [
        {
          orderId: 'o1',
          paymentIntentId: 'pi_cheap',
          kind: 'amount_mismatch',
          source: 'webhook',
          eventId: 'evt_9',
          expected: 5000,
          actual: 50,
          detectedAt: at(3),
        },
      ],
      latestDispute: null,
      events: [
        {
          id: 'e1',
          type: 'payment_intent.succeeded',
          status: 'processed',
          attempts: 1,
          lastError: null,
          source: 'webhook',
          stripeCreatedAt: at(2),
          receivedAt: at(2),
          processedAt: at(2),
        },
      ],
      audit: [],
      notifications: [],
    };
    const detail = await paymentDetail({ paymentDetail: { find: async (id) => (id === 'o1' ? record : null) } }, 'O1');
    expect(detail).toMatchObject({ ok: true, value: { orderId: 'o1', refundable: 0, amountRefunded: 1000 } });
    expect(detail.ok && detail.value.timeline.map((entry) => entry.kind)).toEqual(['checkout', 'stripe_event']);
    expect(detail.ok && detail.value.anomalies).toEqual([
      expect.objectContaining({ kind: 'amount_mismatch', expected: 5000, actual: 50, detectedAt: at(3).toISOString() }),
    ]);
    expect(await paymentDetail({ paymentDetail: { find: async () => null } }, 'o2')).toEqual({
      ok: false,
      error: { kind: 'not_found', what: 'order' },
    });
  });
});
