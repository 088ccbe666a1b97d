import { renderEmail, type EmailMessage } from '@storepay/emails';
import { describe, expect, it } from 'vitest';
import {
  deliverNotifications,
  ERASED_RECIPIENT,
  retryDelayMs,
  type DeliverNotificationsPorts,
  type OutgoingMail,
  type SendResult,
} from './deliver-notifications';
import { inMemoryOutbox } from './testing/in-memory-outbox';
import { fixedClock } from './testing/in-memory-store';

const ORDER_ID = '6f1c8a52-7d0e-4c43-9f7e-0d3f7c1b2a11';

function setup({
  answers = [] as SendResult[],
  render,
}: { answers?: SendResult[]; render?: DeliverNotificationsPorts['render'] } = {}) {
  const clock = fixedClock();
  const outbox = inMemoryOutbox(clock);
  outbox.orders.set(ORDER_ID, {
    id: ORDER_ID,
    email: 'kunde@example.de',
    locale: 'de',
    status: 'paid',
    currency: 'eur',
    amount: 4200,
    amountRefunded: 0,
    createdAt: clock.now(),
    items: [{ name: 'Becher', quantity: 2, unitAmount: 2100 }],
  });
  const sent: OutgoingMail[] = [];
  const rendered: EmailMessage[] = [];
  const observed: [string, string][] = [];
  const issued: string[] = [];
  const ports = (workerId = 'worker-1'): DeliverNotificationsPorts => ({
    outbox: outbox.repository,
    mailer: {
      async send(mail) {
        const answer = answers.shift() ?? { ok: true };
        if (answer.ok) sent.push(mail);
        return answer;
      },
    },
    render:
      render ??
      (async (message) => {
        rendered.push(message);
        return { subject: `subject ${message.kind}`, html: '<p>html</p>', text: 'text' };
      }),
    clock,
    links: { shopUrl: 'https://shop.test', adminUrl: 'https://admin.test' },
    messageIdDomain: 'shop.test',
    retry: { maxAttempts: 3, baseDelayMs: 1000 },
    leaseMs: 60_000,
    workerId,
    observe: (kind, result) => observed.push([kind, result]),
    signInLinks: {
      async issue(email) {
        issued.push(email);
        return `tok-${issued.length}`;
      },
      expiresInMinutes: 15,
    },
  });
  const round = (workerId?: string) => deliverNotifications(ports(workerId), { limit: 10 });
  return { clock, outbox, sent, rendered, observed, issued, round, ports };
}

describe('deliverNotifications', () => {
  it('sends a sign-in link to its address, making its token only as it is sent, a new one on each attempt', async () => {
    const { outbox, sent, rendered, issued, round, clock } = setup({
      answers: [{ ok: false, error: '421 try later', permanent: false }],
    });
    outbox.add('customer.sign_in', null, { email: 'ada@example.com', locale: 'fr' });
    expect(await round()).toMatchObject({ failed: 1 });
    clock.advance(1000);
    expect(await round()).toMatchObject({ sent: 1 });
    expect(issued).toEqual(['ada@example.com', 'ada@example.com']);
    expect(sent.map((mail) => mail.to)).toEqual([['ada@example.com']]);
    expect(rendered.at(-1)).toEqual({
      kind: 'sign_in_link',
      locale: 'fr',
      url: 'https://shop.test/account/sign-in#token=tok-2',
      expiresInMinutes: 15,
    });
    // A row without an address can never be sent.
    outbox.add('customer.sign_in', null, {});
    expect(await round()).toMatchObject({ dead: 1 });
  });

  it('sends the order confirmation to the shopper, in the order’s language, with a Message-ID of the row', async () => {
    const { outbox, sent, rendered, observed, round } = setup();
    const row = outbox.add('order.paid', ORDER_ID);
    expect(await round()).toEqual({ claimed: 1, sent: 1, failed: 0, dead: 0 });
    expect(sent).toEqual([
      {
        messageId: `<outbox-${row.id}@shop.test>`,
        to: ['kunde@example.de'],
        subject: 'subject order_confirmation',
        html: '<p>html</p>',
        text: 'text',
      },
    ]);
    expect(rendered[0]).toMatchObject({
      kind: 'order_confirmation',
      locale: 'de',
      orderUrl: `https://shop.test/orders/${ORDER_ID}`,
      order: { amount: 4200, currency: 'eur', items: [{ name: 'Becher', quantity: 2, unitAmount: 2100 }] },
    });
    expect(row).toMatchObject({ status: 'sent', recipient: 'kunde@example.de', attempts: 1 });
    expect(observed).toEqual([['order.paid', 'sent']]);
    // Sent is sent: nothing more to claim.
    expect(await round()).toEqual({ claimed: 0, sent: 0, failed: 0, dead: 0 });
  });

  it('renders the real email in German', async () => {
    const { outbox, sent, round } = setup({ render: renderEmail });
    outbox.add('order.paid', ORDER_ID);
    await round();
    expect(sent[0]?.subject).toBe('Ihre Bestellung 6F1C8A52 ist bestätigt');
    expect(sent[0]?.text).toContain('Vielen Dank für Ihre Bestellung');
    expect(sent[0]?.text).toMatch(/42,00\s€/);
  });

  it('retries a failed send with a doubling delay, then gives up (dead) with the last error', async () => {
    const down = { ok: false as const, error: 'connect ECONNREFUSED 127.0.0.1:1025', permanent: false };
    const { clock, outbox, sent, round } = setup({ answers: [down, down, down] });
    const row = outbox.add('order.paid', ORDER_ID);
    expect(await round()).toMatchObject({ failed: 1 });
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastError: down.error });
    expect(row.nextAttemptAt - clock.now().getTime()).toBe(1000);
    expect(await round()).toMatchObject({ claimed: 0 });
    clock.advance(1000);
    expect(await round()).toMatchObject({ failed: 1 });
    expect(row.nextAttemptAt - clock.now().getTime()).toBe(2000);
    clock.advance(2000);
    expect(await round()).toMatchObject({ dead: 1 });
    expect(row).toMatchObject({ status: 'dead', attempts: 3, recipient: 'kunde@example.de' });
    expect(sent).toHaveLength(0);
    expect(retryDelayMs(30, 30_000)).toBe(3600_000);
  });

  it('gives up at once on a permanent refusal, on a kind it cannot send, and on a missing order', async () => {
    const refused = { ok: false as const, error: '550 5.1.1 mailbox unavailable', permanent: true };
    const { outbox, round } = setup({ answers: [refused] });
    const bounced = outbox.add('order.paid', ORDER_ID);
    const unknown = outbox.add('order.shipped', ORDER_ID);
    const orphan = outbox.add('order.paid', '00000000-0000-4000-8000-00000000dead');
    expect(await round()).toMatchObject({ claimed: 3, dead: 3 });
    expect(bounced).toMatchObject({ status: 'dead', attempts: 1, lastError: refused.error });
    expect(unknown.lastError).toBe('no notification is sent for order.shipped');
    expect(orphan.lastError).toMatch(/does not exist/);
  });

  it('sends nothing to a shopper whose data was erased, and still tells staff about their order', async () => {
    const { outbox, sent, round } = setup();
    outbox.orders.get(ORDER_ID)!.email = '';
    outbox.admins.push('ada@shop.test');
    const refund = outbox.add('refund.succeeded', ORDER_ID, { amount: 100 });
    const dispute = outbox.add('dispute.opened', ORDER_ID, { amount: 4200, reason: 'fraudulent' });
    expect(await round()).toMatchObject({ claimed: 2, sent: 1, dead: 1 });
    expect(refund).toMatchObject({ status: 'dead', lastError: ERASED_RECIPIENT });
    expect(dispute.status).toBe('sent');
    expect(sent.map((mail) => mail.to)).toEqual([['ada@shop.test']]);
  });

  it('sends staff notifications to every active admin, and waits when there is none', async () => {
    const { outbox, sent, rendered, round, clock } = setup();
    const dispute = outbox.add('dispute.opened', ORDER_ID, {
      amount: 4200,
      reason: 'fraudulent',
      evidenceDueByMs: Date.UTC(2026, 11, 20),
    });
    expect(await round()).toMatchObject({ failed: 1 });
    expect(dispute.lastError).toBe('no active admin to notify');
    outbox.admins.push('ada@shop.test', 'bob@shop.test');
    clock.advance(1000);
    expect(await round()).toMatchObject({ sent: 1 });
    expect(sent[0]?.to).toEqual(['ada@shop.test', 'bob@shop.test']);
    expect(rendered[0]).toMatchObject({
      kind: 'dispute_opened',
      locale: 'en',
      adminUrl: `https://admin.test/payments/${ORDER_ID}`,
      dispute: { amount: 4200, reason: 'fraudulent', evidenceDueBy: new Date(Date.UTC(2026, 11, 20)) },
    });
    expect(dispute.recipient).toBe('ada@shop.test, bob@shop.test');
  });

  it('never lets two workers send one row: a claimed row waits for its lease', async () => {
    const { outbox, sent, ports, clock } = setup();
    outbox.add('order.paid', ORDER_ID);
    // Worker 2 claims while worker 1 holds the row (its send not finished): it gets nothing.
    const first = await outbox.repository.claim({ workerId: 'w1', limit: 10, leaseMs: 60_000 });
    expect(first).toHaveLength(1);
    expect(await deliverNotifications(ports('w2'), { limit: 10 })).toMatchObject({ claimed: 0 });
    // Worker 1 died: after the lease another worker sends it (at least once), and worker 1's late record is refused.
    clock.advance(60_001);
    expect(await deliverNotifications(ports('w2'), { limit: 10 })).toMatchObject({ sent: 1 });
    expect(await outbox.repository.record(first[0]!, { status: 'sent', recipient: 'x' })).toBe(false);
    expect(sent).toHaveLength(1);
  });

  it('tells the shopper of a refund with its amount, and replays a dead row with a fresh budget', async () => {
    const { outbox, rendered, round } = setup({
      answers: [{ ok: false, error: '554 rejected', permanent: true }],
    });
    const row = outbox.add('refund.succeeded', ORDER_ID, { amount: 1000, currency: 'eur' });
    expect(await round()).toMatchObject({ dead: 1 });
    expect(await outbox.repository.replay(row.id)).toBe('replayed');
    expect(await outbox.repository.replay(row.id)).toBe('not_replayable');
    expect(await round()).toMatchObject({ sent: 1 });
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(rendered.at(-1)).toMatchObject({ kind: 'refund_issued', refund: { amount: 1000 } });
  });
});
