// Two worker processes on one PostgreSQL send 500 notifications: each exactly once (the claims skip each other's
// rows), and both share the work. Runs only on PostgreSQL (PGlite is one process by design).
import { randomBytes } from 'node:crypto';
import { createTestDatabase, postgresqlTestsEnabled, type TestDatabase } from '@storepay/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresqlUrlOf, startApiProcess, waitFor, type ApiProcess, stopProcess } from '../test-support';
import { paidOrdersWithConfirmation } from './test-orders';
import { messageIdOf, startMailCatcher, type MailCatcher } from './test-mail-catcher';

describe.runIf(postgresqlTestsEnabled())('two notification workers on one PostgreSQL', () => {
  let db: TestDatabase;
  let mail: MailCatcher;
  const workers: ApiProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('postgresql');
    mail = await startMailCatcher();
  });

  afterAll(async () => {
    await Promise.all(workers.map(({ child }) => stopProcess(child)));
    await mail?.stop();
    await db?.destroy();
  });

  it('send 500 notifications, each once', { timeout: 180_000 }, async () => {
    const orders = await paidOrdersWithConfirmation(db, 500);
    const env = {
      API_MODE: 'worker',
      DATABASE_URL: await postgresqlUrlOf(db),
      // Real-Stripe mode with an unreachable Stripe: nothing here calls it.
      STRIPE_SECRET_KEY: 'sk_test_notifications',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_notifications',
      STRIPE_API_BASE: 'http://stripe.invalid:9',
      STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('hex')}`,
      RECONCILE_INTERVAL_MS: '0',
      SMTP_URL: mail.smtpUrl,
      MAIL_FROM: 'Storepay <orders@shop.test>',
      NOTIFICATION_POLL_MS: '50',
      LOG_LEVEL: 'info',
    };
    workers.push(startApiProcess(env), startApiProcess(env));
    await waitFor(
      'every notification sent',
      async () => {
        for (const worker of workers) {
          if (worker.child.exitCode !== null) throw new Error(`a worker exited:\n${worker.output()}`);
        }
        return (await db.prisma.outboxMessage.count({ where: { status: 'sent' } })) === 500;
      },
      150_000,
    ).catch((error: unknown) => {
      // What the workers said, to see why.
      console.error(workers.map((worker) => worker.output().slice(-3000)).join('\n-----\n'));
      throw error;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const caught = await mail.emails();
    expect(caught).toHaveLength(500);
    const rows = await db.prisma.outboxMessage.findMany({ select: { id: true, attempts: true, orderId: true } });
    expect(new Set(caught.map(messageIdOf))).toEqual(new Set(rows.map((row) => `<outbox-${row.id}@shop.test>`)));
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
    expect(new Set(rows.map((row) => row.orderId))).toEqual(new Set(orders));
    // Both processes took part (each logs the rows it sent).
    for (const worker of workers) expect(worker.output()).toContain('notification sent');
  });
});
