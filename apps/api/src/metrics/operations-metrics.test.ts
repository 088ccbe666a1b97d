// The payments desk's metric families, each driven by what it counts and read back from `/metrics`: refunds by
// action and outcome, refunds awaiting approval (count and age), unsent refunds, reconciliation runs and findings,
// and the outbox.
import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '@storepay/db/testing';
import type { RunningEmulator } from '@storepay/stripe-emulator';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import {
  asStaff,
  createPaidOrder,
  createTestStaff,
  emulatorStripe,
  startAdminTestSystem,
  type AdminTestSystem,
  type TestStaff,
} from '../admin/test-kit';
import { freePort } from '../test-support';
import { sample, scrapeMetrics } from './testing';

describe('payments desk metrics', () => {
  let system: AdminTestSystem;
  let db: TestDatabase;
  let app: App;
  let emulator: RunningEmulator;
  let stripe: Stripe;
  let port: number;
  let admin: TestStaff;
  let otherAdmin: TestStaff;

  const scrape = () => scrapeMetrics(port);
  const refund = (orderId: string, body: Record<string, unknown>, key = randomUUID()) =>
    asStaff(app, admin, {
      method: 'POST',
      url: `/api/admin/payments/${orderId}/refunds`,
      payload: body,
      headers: { 'idempotency-key': key },
    });
  const fault = (path: string, action: string, count: number) =>
    fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: '*', path, action, count }),
    });

  beforeAll(async () => {
    port = await freePort();
    system = await startAdminTestSystem('pglite', {
      emulator: true,
      env: { REFUND_APPROVAL_THRESHOLDS: 'USD:100', METRICS_PORT: String(port) },
    });
    ({ db, app } = system);
    emulator = system.emulator!;
    stripe = emulatorStripe(emulator);
    await app.ready();
    [admin, otherAdmin] = await Promise.all([createTestStaff(app, 'admin'), createTestStaff(app, 'admin')]);
  });

  afterAll(async () => {
    await system.close();
  });

  it('counts refunds by action and outcome, and gauges those awaiting approval and their age', async () => {
    const small = await createPaidOrder(db, stripe, 5_000);
    const key = randomUUID();
    expect((await refund(small.orderId, { amount: 1_000, reason: 'requested_by_customer' }, key)).statusCode).toBe(201);
    expect((await refund(small.orderId, { amount: 1_000, reason: 'requested_by_customer' }, key)).statusCode).toBe(200);
    expect((await refund(small.orderId, { amount: 9_000, reason: 'requested_by_customer' })).statusCode).toBe(422);
    const big = await createPaidOrder(db, stripe, 50_000);
    const asked = await refund(big.orderId, { amount: 20_000, reason: 'fraudulent' });
    expect(asked.json().refund.status).toBe('awaiting_approval');

    let text = await scrape();
    const refunds = 'storepay_refunds_total';
    expect(sample(text, refunds, { action: 'request', outcome: 'sent' })).toBe(1);
    expect(sample(text, refunds, { action: 'request', outcome: 'repeat' })).toBe(1);
    expect(sample(text, refunds, { action: 'request', outcome: 'amount_exceeds_refundable' })).toBe(1);
    expect(sample(text, refunds, { action: 'request', outcome: 'awaiting_approval' })).toBe(1);
    expect(sample(text, 'storepay_refunds_awaiting_approval')).toBe(1);

    // It has waited two hours: the gauge the "awaiting approval too long" alert reads says so.
    await db.prisma
      .$executeRaw`UPDATE refunds SET created_at = now() - interval '2 hours' WHERE status = 'awaiting_approval'`;
    expect(sample(await scrape(), 'storepay_refunds_awaiting_approval_oldest_age_seconds')).toBeGreaterThanOrEqual(
      7_200,
    );

    const approved = await asStaff(app, otherAdmin, {
      method: 'POST',
      url: `/api/admin/refunds/${asked.json().refund.id}/approve`,
      payload: {},
    });
    expect(approved.statusCode).toBe(200);
    text = await scrape();
    expect(sample(text, refunds, { action: 'approve', outcome: 'sent' })).toBe(1);
    expect(sample(text, 'storepay_refunds_awaiting_approval')).toBe(0);
    expect(sample(text, 'storepay_refunds_awaiting_approval_oldest_age_seconds')).toBe(0);
  });

  it('gauges refunds Stripe could not be reached for until they are sent', async () => {
    const order = await createPaidOrder(db, stripe, 3_000);
    await fault('/v1/refunds', 'server_error', 20);
    const unsent = await refund(order.orderId, { amount: 500, reason: 'duplicate' });
    await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
    expect(unsent.statusCode).toBe(503);
    const text = await scrape();
    expect(sample(text, 'storepay_refunds_total', { action: 'request', outcome: 'refund_unsent' })).toBe(1);
    expect(sample(text, 'storepay_refunds_unsent')).toBe(1);
    const id = (await db.prisma.refund.findFirstOrThrow({ where: { stripeRefundId: null, status: 'pending' } })).id;
    expect((await asStaff(app, admin, { method: 'POST', url: `/api/admin/refunds/${id}/send` })).statusCode).toBe(200);
    const after = await scrape();
    expect(sample(after, 'storepay_refunds_total', { action: 'send', outcome: 'sent' })).toBe(1);
    expect(sample(after, 'storepay_refunds_unsent')).toBe(0);
  });

  it('counts reconciliation runs by trigger and result, what they found, and when one last succeeded', async () => {
    expect(sample(await scrape(), 'storepay_reconciliation_last_success_timestamp_seconds')).toBe(0);
    // Stripe's events for the payments and refunds above were never delivered: the run finds them missing.
    const run = await asStaff(app, admin, { method: 'POST', url: '/api/admin/reconciliations' });
    expect(run.statusCode).toBe(201);
    const inserted: number = run.json().eventsInserted;
    expect(inserted).toBeGreaterThan(0);
    let text = await scrape();
    expect(sample(text, 'storepay_reconciliation_runs_total', { trigger: 'staff', result: 'succeeded' })).toBe(1);
    expect(sample(text, 'storepay_reconciliation_findings_total', { kind: 'missing_event' })).toBe(inserted);
    const last = sample(text, 'storepay_reconciliation_last_success_timestamp_seconds')!;
    expect(Math.abs(last - Date.now() / 1000)).toBeLessThan(60);

    await fault('/v1/events', 'server_error', 50);
    expect((await asStaff(app, admin, { method: 'POST', url: '/api/admin/reconciliations' })).statusCode).toBe(502);
    await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
    text = await scrape();
    expect(sample(text, 'storepay_reconciliation_runs_total', { trigger: 'staff', result: 'failed' })).toBe(1);
    expect(sample(text, 'storepay_reconciliation_last_success_timestamp_seconds')).toBe(last);
  });

  it('gauges the outbox: messages waiting (retries too), the oldest one’s age, and dead ones', async () => {
    const before = await scrape();
    const { orderId } = await createPaidOrder(db, stripe, 1_000);
    const message = { kind: 'order.paid', payload: {}, orderId };
    await db.prisma.outboxMessage.create({
      data: { ...message, dedupeKey: `order-paid:${orderId}`, createdAt: new Date(Date.now() - 600_000) },
    });
    // A failed row is still waiting (it is retried); a dead one has given up.
    await db.prisma.outboxMessage.create({ data: { ...message, dedupeKey: `retry:${orderId}`, status: 'failed' } });
    await db.prisma.outboxMessage.create({ data: { ...message, dedupeKey: `other:${orderId}`, status: 'dead' } });
    const text = await scrape();
    const pending = 'storepay_outbox_pending_messages';
    expect(sample(text, pending)! - sample(before, pending)!).toBe(2);
    expect(sample(text, 'storepay_outbox_pending_oldest_age_seconds')).toBeGreaterThanOrEqual(600);
    expect(sample(before, 'storepay_outbox_failed_messages')).toBe(0);
    expect(sample(text, 'storepay_outbox_failed_messages')).toBe(1);
  });
});
