import type { AuditEntry, ErasureWrite, PersonRecords, StalePayload } from '@storepay/db';
import { paymentErrors } from '@storepay/payments-core';
import { describe, expect, it } from 'vitest';
import { ERASED_RECIPIENT } from './deliver-notifications';
import { erasePersonalData, erasureOf, exportPersonalData, RETENTION_BATCH, stripOldPayloads } from './privacy';
import { fakeGateway } from './testing/fake-gateway';

const at = new Date('2026-12-07T10:00:00Z');
const clock = { now: () => at };
const actor = { id: 'staff-1', email: 'admin@shop.test', ip: '10.0.0.1' };

function records(): PersonRecords {
  return {
    account: {
      id: 'acc-1',
      email: 'ana@example.com',
      locale: 'de',
      stripeCustomerId: 'cus_1',
      createdAt: at,
      updatedAt: at,
      lastSignInAt: at,
    },
    orders: [
      {
        id: 'o1',
        status: 'paid',
        email: 'Ana@Example.com',
        currency: 'eur',
        amount: 4900,
        amountRefunded: 0,
        locale: 'de',
        customerId: 'acc-1',
        paymentIntentId: 'pi_1',
        createdAt: at,
        paidAt: at,
        expiredAt: null,
        erasedAt: null,
        items: [{ name: 'Mug', quantity: 1, unitAmount: 4900 }],
      },
    ],
    payments: [
      {
        id: 'p1',
        orderId: 'o1',
        stripePaymentIntentId: 'pi_1',
        stripeChargeId: 'ch_1',
        status: 'succeeded',
        currency: 'eur',
        amount: 4900,
        amountReceived: 4900,
        amountRefunded: 0,
        email: 'Ana@Example.com',
        paymentMethodType: 'card',
        cardBrand: 'visa',
        cardLast4: '4242',
        cardExpMonth: 12,
        cardExpYear: 2030,
        cardCountry: 'DE',
        createdAt: at,
      },
    ],
    refunds: [
      {
        id: 'r1',
        paymentId: 'p1',
        stripeRefundId: 're_1',
        amount: 100,
        currency: 'eur',
        status: 'succeeded',
        source: 'admin',
        reason: 'requested_by_customer',
        note: 'Ana Berg called, ana@example.com',
        failureReason: null,
        rejectionNote: null,
        createdAt: at,
      },
    ],
    disputes: [],
    anomalies: [],
    notifications: [
      {
        id: 'n1',
        orderId: 'o1',
        kind: 'order.paid',
        status: 'sent',
        recipient: 'Ana@Example.com',
        payload: { orderId: 'o1', email: 'Ana@Example.com' },
        lastError: null,
        createdAt: at,
        sentAt: at,
      },
      {
        id: 'n2',
        orderId: 'o1',
        kind: 'refund.succeeded',
        status: 'failed',
        recipient: 'Ana@Example.com',
        payload: { amount: 100 },
        lastError: '550 <ana@example.com> unknown',
        createdAt: at,
        sentAt: null,
      },
      {
        id: 'n3',
        orderId: 'o1',
        kind: 'dispute.opened',
        status: 'pending',
        recipient: 'admin@shop.test',
        payload: { amount: 4900 },
        lastError: null,
        createdAt: at,
        sentAt: null,
      },
    ],
    events: [
      {
        id: 'e1',
        stripeEventId: 'evt_1',
        type: 'charge.succeeded',
        receivedAt: at,
        payload: {
          data: {
            object: { id: 'ch_1', amount: 4900, billing_details: { name: 'Ana Berg', email: 'ana@example.com' } },
          },
        },
        lastError: null,
        payloadRedactedAt: null,
      },
    ],
    signInLinks: [{ id: 'l1', createdAt: at, expiresAt: at, usedAt: at }],
    sessions: [{ id: 's1', createdAt: at, expiresAt: at, endedAt: null }],
  };
}

function ports(found = records()) {
  const audit: AuditEntry[] = [];
  const writes: ErasureWrite[] = [];
  const gateway = fakeGateway();
  return {
    audit,
    writes,
    gateway,
    ports: {
      privacy: { recordsOf: async () => found, erase: async (write: ErasureWrite) => void writes.push(write) },
      gateway: gateway.gateway,
      audit: { append: async (entry: AuditEntry) => void audit.push(entry) },
      clock,
    },
  };
}

describe('erasureOf', () => {
  it('takes the person’s email, and the names Stripe’s payloads hold of them, out of every row it keeps', () => {
    const write = erasureOf('ana@example.com', records(), at);
    expect(write).toMatchObject({
      email: 'ana@example.com',
      customerId: 'acc-1',
      orderIds: ['o1'],
      paymentIds: ['p1'],
    });
    expect(write.refunds).toEqual([
      { id: 'r1', note: '[erased] called, [erased]', failureReason: null, rejectionNote: null },
    ]);
    // The email itself is only the key its sign-in links are deleted by.
    const text = JSON.stringify({ ...write, email: undefined });
    expect(text).not.toMatch(/ana@example\.com|ana berg/i);
    // Amounts and ids stay.
    expect(write.events[0]!.payload).toEqual({
      data: { object: { id: 'ch_1', amount: 4900, billing_details: { name: null, email: null } } },
    });
  });

  it('gives up the emails to them not sent yet, and still sends staff alerts about their orders', () => {
    const { notifications } = erasureOf('ana@example.com', records(), at);
    expect(notifications).toEqual([
      { id: 'n1', payload: { orderId: 'o1', email: null }, recipient: '[erased]', lastError: null, dead: false },
      { id: 'n2', payload: { amount: 100 }, recipient: '[erased]', lastError: ERASED_RECIPIENT, dead: true },
      { id: 'n3', payload: { amount: 4900 }, recipient: 'admin@shop.test', lastError: null, dead: false },
    ]);
  });
});

describe('erasePersonalData', () => {
  it('deletes the Stripe Customer first, then writes the erasure, and audits counts without the person’s data', async () => {
    const { ports: p, writes, audit, gateway } = ports();
    const result = await erasePersonalData(p, { email: ' ANA@example.com ', actor });
    expect(result).toEqual({
      ok: true,
      value: {
        account: true,
        stripeCustomerDeleted: true,
        orders: 1,
        payments: 1,
        refunds: 1,
        notifications: 3,
        stripeEvents: 1,
        signIns: 2,
      },
    });
    expect(gateway.calls.filter((call) => call.method === 'deleteCustomer')).toEqual([
      { method: 'deleteCustomer', input: { customer: 'cus_1', idempotencyKey: 'erase-cus_1' } },
    ]);
    expect(writes).toHaveLength(1);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'privacy.erased',
        targetType: 'customer',
        targetId: 'acc-1',
        actorId: 'staff-1',
        details: expect.objectContaining({ requestedBy: 'staff', orders: 1 }),
      }),
    ]);
    expect(JSON.stringify(audit[0]!.details)).not.toContain('ana');
  });

  it('changes nothing while Stripe cannot delete the Customer (the request can be made again)', async () => {
    const { ports: p, writes, audit, gateway } = ports();
    gateway.failNext('deleteCustomer', paymentErrors.stripeUnavailable({ reason: 'connection' }));
    const result = await erasePersonalData(p, { email: 'ana@example.com', actor: null });
    expect(result).toMatchObject({ ok: false, error: { kind: 'payment_failed' } });
    expect(writes).toEqual([]);
    expect(audit).toEqual([]);
  });

  it('erases a guest, who has no Stripe Customer, without asking Stripe', async () => {
    const guest = { ...records(), account: null, sessions: [] };
    const { ports: p, writes, gateway } = ports(guest);
    const result = await erasePersonalData(p, { email: 'ana@example.com', actor });
    expect(result).toMatchObject({ ok: true, value: { account: false, stripeCustomerDeleted: false } });
    expect(writes[0]!.customerId).toBeNull();
    expect(gateway.calls.some((call) => call.method === 'deleteCustomer')).toBe(false);
  });
});

describe('exportPersonalData', () => {
  it('gives every row, the staff recipients of alerts left out, and audits counts', async () => {
    const { ports: p, audit } = ports();
    const data = await exportPersonalData(p, { email: 'ana@example.com', actor: null });
    expect(data.account).toMatchObject({ id: 'acc-1', stripeCustomerId: 'cus_1' });
    expect(data.payments[0]!.card).toEqual({
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: 2030,
      country: 'DE',
    });
    expect(data.notifications.map((n) => n.recipient)).toEqual(['Ana@Example.com', 'Ana@Example.com', null]);
    expect(data.stripeEvents).toEqual([
      { id: 'evt_1', type: 'charge.succeeded', receivedAt: at.toISOString(), personalDataStrippedAt: null },
    ]);
    expect(audit[0]).toMatchObject({ action: 'privacy.exported', actorId: null, details: { requestedBy: 'shopper' } });
  });
});

describe('stripOldPayloads', () => {
  it('strips payloads older than the retention a batch at a time, and clears late card details', async () => {
    const rows: StalePayload[] = Array.from({ length: RETENTION_BATCH + 3 }, (_, i) => ({
      id: `e${i}`,
      payload: { data: { object: { id: `ch_${i}`, receipt_email: 'x@example.com' } } },
    }));
    const stored: StalePayload[] = [];
    let asked: Date | null = null;
    const result = await stripOldPayloads({
      clock,
      retentionDays: 30,
      privacy: {
        async stalePayloads({ receivedBefore, limit }) {
          asked = receivedBefore;
          return rows.filter((row) => !stored.some((done) => done.id === row.id)).slice(0, limit);
        },
        async storeRedactedPayloads(batch) {
          stored.push(...batch);
          return batch.length;
        },
        clearErasedPaymentDetails: async () => 2,
      },
    });
    expect(result).toEqual({ payloads: RETENTION_BATCH + 3, payments: 2 });
    expect(asked).toEqual(new Date(at.getTime() - 30 * 86_400_000));
    expect(JSON.stringify(stored)).not.toContain('x@example.com');
  });
});
