// Notifications end to end on the real database and a real mail server (maildev): the outbox rows of paid orders
// become emails in the order's language, exactly one per row through a mail server outage, shown on the admin's
// timeline with the recipient masked, and sent again on staff's replay. On PGlite and on PostgreSQL.
import { postgresqlTestsEnabled, type TestDatabase } from '@storepay/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { asStaff, createTestStaff, startAdminTestSystem, type AdminTestSystem } from '../admin/test-kit';
import { freePort, waitFor } from '../test-support';
import { sample, scrapeMetrics } from '../metrics/testing';
import { messageIdOf, startMailCatcher, type MailCatcher } from './test-mail-catcher';
import { paidOrdersWithConfirmation } from './test-orders';

const targets = postgresqlTestsEnabled() ? (['pglite', 'postgresql'] as const) : (['pglite'] as const);

describe.each(targets)('notification delivery on %s', (target) => {
  let mail: MailCatcher;
  let system: AdminTestSystem;
  let db: TestDatabase;
  let app: App;
  let metricsPort: number;

  beforeAll(async () => {
    mail = await startMailCatcher();
    metricsPort = await freePort();
    system = await startAdminTestSystem(target, {
      env: {
        SMTP_URL: mail.smtpUrl,
        MAIL_FROM: 'Storepay Test <orders@shop.test>',
        SHOP_URL: 'https://shop.test',
        NOTIFICATION_POLL_MS: '50',
        NOTIFICATION_RETRY_BASE_MS: '200',
        METRICS_PORT: String(metricsPort),
      },
    });
    ({ db, app } = system);
    await app.ready();
  });

  afterAll(async () => {
    await system?.close();
    await mail?.stop();
  });

  it('sends a paid order its confirmation in its language, once, with the row’s Message-ID', async () => {
    const [orderId] = await paidOrdersWithConfirmation(db, 1, 'de');
    const row = await db.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: `order-paid:${orderId}` } });
    const email = await waitFor('the confirmation', async () =>
      (await mail.emails()).find((each) => messageIdOf(each) === `<outbox-${row.id}@shop.test>`),
    );
    expect(email.subject).toBe(`Ihre Bestellung ${orderId!.slice(0, 8).toUpperCase()} ist bestätigt`);
    expect(email.to.map((to) => to.address)).toEqual(['shopper0@example.com']);
    expect(email.text).toContain('Enamel mug');
    expect(email.html).toContain(`https://shop.test/orders/${orderId}`);
    expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'sent',
      attempts: 1,
      recipient: 'shopper0@example.com',
    });
  });

  it('with the mail server down during 20 paid orders, then back: every order gets exactly one confirmation', async () => {
    await mail.stop();
    const orders = await paidOrdersWithConfirmation(db, 20);
    // Every row has failed at least once while the server was down.
    await waitFor('every send to fail once', async () => {
      const failed = await db.prisma.outboxMessage.count({ where: { orderId: { in: orders }, status: 'failed' } });
      return failed === 20;
    });
    await mail.start();
    await waitFor(
      'every confirmation',
      async () => (await db.prisma.outboxMessage.count({ where: { orderId: { in: orders }, status: 'sent' } })) === 20,
    );
    // Time for a stray second send to show up, if there were one.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const caught = await mail.emails();
    // Every attempt is counted: the failures while the server was down, then one send per order.
    const metrics = await scrapeMetrics(metricsPort);
    expect(sample(metrics, 'storepay_notifications_total', { kind: 'order.paid', result: 'sent' })).toBe(21);
    expect(
      sample(metrics, 'storepay_notifications_total', { kind: 'order.paid', result: 'failed' }),
    ).toBeGreaterThanOrEqual(20);
    const recipients = caught.map((email) => email.to[0]!.address).sort();
    expect(recipients).toEqual(orders.map((_, i) => `shopper${i}@example.com`).sort());
    expect(new Set(caught.map(messageIdOf)).size).toBe(20);
  });

  it('shows the notification on the order’s timeline, masked, and sends a dead one again on replay', async () => {
    const viewer = await createTestStaff(app, 'viewer');
    const support = await createTestStaff(app, 'support');
    const [orderId] = await paidOrdersWithConfirmation(db, 1);
    await waitFor(
      'the confirmation',
      async () => (await db.prisma.outboxMessage.findFirst({ where: { orderId, status: 'sent' } })) !== null,
    );
    const detail = await asStaff(app, viewer, { method: 'GET', url: `/api/admin/payments/${orderId}` });
    const entries = detail.json().timeline.filter((entry: { kind: string }) => entry.kind === 'notification');
    expect(entries.map((entry: { title: string; status: string }) => [entry.title, entry.status])).toEqual([
      ['Order confirmation email queued', 'queued'],
      ['Order confirmation email sent to s***@example.com', 'sent'],
    ]);
    expect(JSON.stringify(entries)).not.toContain('shopper0@example.com');

    // Given up on (as after a bounce): a viewer may not resend it, support may.
    const row = await db.prisma.outboxMessage.findFirstOrThrow({ where: { orderId } });
    await db.prisma.outboxMessage.update({ where: { id: row.id }, data: { status: 'dead', lastError: '550 bounced' } });
    const replay = (staff: typeof viewer) =>
      asStaff(app, staff, { method: 'POST', url: `/api/admin/notifications/${row.id}/replay` });
    expect((await replay(viewer)).statusCode).toBe(403);
    const before = (await mail.emails()).length;
    expect((await replay(support)).statusCode).toBe(200);
    await waitFor('the replayed email', async () => (await mail.emails()).length === before + 1);
    expect((await replay(support)).statusCode).toBe(409);
    // A failed row a worker holds right now (a retry in flight) is not freed for a second send.
    await db.prisma.outboxMessage.update({
      where: { id: row.id },
      data: { status: 'failed', lockedBy: 'another-worker', lockedUntil: new Date(Date.now() + 60_000) },
    });
    expect((await replay(support)).statusCode).toBe(409);
    const dead = await asStaff(app, viewer, { method: 'GET', url: '/api/admin/notifications?status=dead' });
    expect(dead.json().notifications.map((each: { id: string }) => each.id)).not.toContain(row.id);
    const audit = await db.prisma.auditLog.findFirst({ where: { action: 'notification.replayed', targetId: row.id } });
    expect(audit?.actorEmail).toBe(support.email);
  });
});
