// A person's data end to end, on PGlite and PostgreSQL: a shopper signs in by an emailed link, buys twice (once as a
// guest, once signed in with a card saved to their Stripe Customer), is refunded by staff; every email goes through a
// real mail server and every Stripe event arrives as a signed webhook. Their export must hold every row about them;
// their erasure must leave their email and name in no column of any table, the money as it was, their Stripe
// Customer deleted, and an audit entry without their data.
import { seedCatalog } from '@storepay/db';
import { describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import { signedDelivery } from '@storepay/payments-core/testing';
import type Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../app';
import {
  asStaff,
  createTestStaff,
  emulatorStripe,
  startAdminTestSystem,
  type AdminTestSystem,
  type TestStaff,
} from '../admin/test-kit';
import { startMailCatcher, type MailCatcher } from '../notifications/test-mail-catcher';
import { waitFor } from '../test-support';

const SECRET = 'whsec_privacy_test';
const COOKIE = '__Host-storepay_shop';
const NAME = 'Samira Lindqvist';
const SAMIRA = { name: NAME, phone: '+46 8 123 456 78' };

describeEachDatabase('a person’s data on $name', ({ name: target }) => {
  const email = `samira.lindqvist-${target}@example.com`;
  const otherEmail = `someone.else-${target}@example.com`;
  let mail: MailCatcher;
  let system: AdminTestSystem;
  let db: TestDatabase;
  let app: App;
  let stripe: Stripe;
  let admin: TestStaff;
  let productId: string;
  const delivered = new Set<string>();

  beforeAll(async () => {
    mail = await startMailCatcher();
    system = await startAdminTestSystem(target, {
      emulator: true,
      env: {
        SMTP_URL: mail.smtpUrl,
        SHOP_URL: 'https://shop.test',
        NOTIFICATION_POLL_MS: '50',
        STRIPE_WEBHOOK_SECRET: SECRET,
        WEBHOOK_WORKER_POLL_MS: '20',
      },
    });
    ({ db, app } = system);
    await seedCatalog(db);
    await app.ready();
    stripe = emulatorStripe(system.emulator!);
    admin = await createTestStaff(app, 'admin');
    productId = (await app.inject('/api/products')).json().products[0].id;
  }, 60_000);

  afterAll(async () => {
    await system?.close();
    await mail?.stop();
  });

  /** Every event the emulator made that the API has not had yet, signed, as Stripe would deliver them. */
  async function deliverEvents() {
    const events = (await stripe.events.list({ limit: 100 })).data.reverse();
    for (const event of events) {
      if (delivered.has(event.id)) continue;
      delivered.add(event.id);
      const { body, headers } = await signedDelivery(event, SECRET);
      const response = await app.inject({ method: 'POST', url: '/webhooks/stripe', headers, payload: body });
      expect(response.statusCode).toBe(200);
    }
    await waitFor('the inbox processed', async () => {
      const waiting = await db.prisma.webhookEvent.count({ where: { status: { in: ['received', 'processing'] } } });
      return waiting === 0;
    });
  }

  async function signIn(address: string) {
    const before = (await mail.emails()).length;
    await app.inject({ method: 'POST', url: '/api/account/sign-in-link', payload: { email: address } });
    const sent = await waitFor('the sign-in email', async () => {
      const emails = (await mail.emails()).slice(before).filter((each) => each.to.some((to) => to.address === address));
      return emails[0];
    });
    const token = decodeURIComponent(/account\/sign-in#token=([\w%-]+)/.exec(sent.text)![1]!);
    const session = await app.inject({ method: 'POST', url: '/api/account/session', payload: { token } });
    const cookie = session.cookies.find((each) => each.name === COOKIE)!;
    return { cookies: { [COOKIE]: cookie.value }, csrfToken: session.json<{ csrfToken: string }>().csrfToken };
  }

  /** A checkout paid at the emulator with a card whose billing details name the shopper. */
  async function buyAndPay(
    address: string,
    buyer: { name: string; phone: string },
    cookies: Record<string, string> = {},
    quantity = 1,
  ) {
    const placed = await app.inject({
      method: 'POST',
      url: '/api/checkout',
      cookies,
      payload: { items: [{ productId, quantity }], currency: 'usd', email: address },
    });
    expect(placed.statusCode).toBe(201);
    const { orderId, paymentIntentId } = placed.json<{ orderId: string; paymentIntentId: string }>();
    // A card of its own for each payment (Stripe's test ids make a new PaymentMethod each time they are named).
    const paymentMethod = await stripe.paymentMethods.retrieve('pm_card_visa');
    await stripe.paymentMethods.update(paymentMethod.id, {
      billing_details: { name: buyer.name, email: address, phone: buyer.phone },
    });
    await stripe.paymentIntents.confirm(paymentIntentId, {
      payment_method: paymentMethod.id,
      ...(Object.keys(cookies).length > 0 ? { setup_future_usage: 'off_session' as const } : {}),
      return_url: 'https://shop.test/orders',
    });
    return { orderId, paymentIntentId };
  }

  const totals = async () => {
    const [orders, payments, refunds] = await Promise.all([
      db.prisma.order.aggregate({ _sum: { amount: true, amountRefunded: true }, _count: true }),
      db.prisma.payment.aggregate({ _sum: { amount: true, amountReceived: true, amountRefunded: true }, _count: true }),
      db.prisma.refund.aggregate({ _sum: { amount: true }, _count: true }),
    ]);
    return { orders, payments, refunds };
  };

  /** Every text, varchar and JSON column of every table, and how many of its values contain `needle` (any case). */
  async function rowsNaming(needle: string): Promise<Record<string, number>> {
    const columns = await db.prisma.$queryRaw<{ table_name: string; column_name: string }[]>`
      SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY')`;
    expect(columns.length).toBeGreaterThan(40);
    const found: Record<string, number> = {};
    for (const { table_name: table, column_name: column } of columns) {
      const [row] = await db.prisma.$queryRawUnsafe<{ count: bigint }[]>(
        `SELECT count(*) AS count FROM "${table}" WHERE strpos(lower("${column}"::text), lower($1)) > 0`,
        needle,
      );
      if (Number(row!.count) > 0) found[`${table}.${column}`] = Number(row!.count);
    }
    return found;
  }

  it('exports every row about the person, and erasure leaves no trace of them while the money stays', async () => {
    // A guest order with the address in capitals, paid; then an account, and an order made signed in, card saved.
    const guest = await buyAndPay(email.toUpperCase(), SAMIRA);
    const shopper = await signIn(email);
    const own = await buyAndPay(email, SAMIRA, shopper.cookies, 2);
    const other = await buyAndPay(otherEmail, { name: 'Other Person', phone: '+1 555 0100' });
    await deliverEvents();
    await waitFor('both orders paid', async () => {
      const rows = await db.prisma.order.findMany({ where: { id: { in: [guest.orderId, own.orderId] } } });
      return rows.every((row) => row.status === 'paid');
    });
    const claimed = await app.inject({
      method: 'POST',
      url: '/api/account/orders/claim',
      cookies: shopper.cookies,
      headers: { 'x-csrf-token': shopper.csrfToken },
    });
    expect(claimed.json()).toEqual({ claimed: 1 });
    // Staff refund part of the signed-in order; Stripe's refund events follow.
    const refund = await asStaff(app, admin, {
      method: 'POST',
      url: `/api/admin/payments/${own.orderId}/refunds`,
      headers: { 'idempotency-key': `privacy-refund-${target}` },
      payload: { amount: 500, reason: 'requested_by_customer', note: 'Customer asked by phone' },
    });
    expect(refund.statusCode).toBe(201);
    // The emulator settles a refund a moment after making it: its events are delivered as they come.
    await waitFor('the confirmation and refund emails sent', async () => {
      await deliverEvents();
      const sent = await db.prisma.outboxMessage.count({
        where: { orderId: { in: [guest.orderId, own.orderId] }, status: 'sent' },
      });
      return sent >= 3;
    });
    const account = await db.prisma.customer.findUniqueOrThrow({ where: { email } });
    expect(account.stripeCustomerId).toMatch(/^cus_/);
    expect((await stripe.customers.listPaymentMethods(account.stripeCustomerId!)).data).toHaveLength(1);

    // ── Export ───────────────────────────────────────────────────────────────────────────────────────────────────
    const exported = await app.inject({ method: 'GET', url: '/api/account/data', cookies: shopper.cookies });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toMatch(/attachment/);
    const data = exported.json();
    // Checked against the database, found here independently of the export's own queries.
    const orders = await db.prisma.order.findMany({
      where: { OR: [{ email: { equals: email, mode: 'insensitive' } }, { customerId: account.id }] },
    });
    const payments = await db.prisma.payment.findMany({ where: { orderId: { in: orders.map((o) => o.id) } } });
    const refunds = await db.prisma.refund.findMany({ where: { paymentId: { in: payments.map((p) => p.id) } } });
    const notifications = await db.prisma.outboxMessage.findMany({
      where: { OR: [{ orderId: { in: orders.map((o) => o.id) } }, { recipient: email }] },
    });
    const links = await db.prisma.customerSignInToken.findMany({ where: { email } });
    const sessions = await db.prisma.customerSession.findMany({ where: { customerId: account.id } });
    const events = await db.prisma.webhookEvent.findMany({
      where: { paymentIntentId: { in: [guest.paymentIntentId, own.paymentIntentId] } },
    });
    const ids = (rows: { id: string }[]) => rows.map((row) => row.id).sort();
    expect(orders).toHaveLength(2);
    expect(refunds).toHaveLength(1);
    expect(notifications.length).toBeGreaterThanOrEqual(4);
    expect(data.account).toMatchObject({ id: account.id, email, stripeCustomerId: account.stripeCustomerId });
    expect(ids(data.orders)).toEqual(ids(orders));
    expect(ids(data.payments)).toEqual(ids(payments));
    expect(ids(data.refunds)).toEqual(ids(refunds));
    expect(ids(data.notifications)).toEqual(ids(notifications));
    expect(ids(data.signIns.links)).toEqual(ids(links));
    expect(ids(data.signIns.sessions)).toEqual(ids(sessions));
    expect(data.stripeEvents.map((event: { id: string }) => event.id)).toEqual(
      expect.arrayContaining(events.map((event) => event.stripeEventId)),
    );
    expect(data.payments[0]).toMatchObject({ card: { brand: 'visa', last4: '4242' } });
    expect(JSON.stringify(data)).not.toContain(otherEmail);
    // An audit entry, without the data.
    const exportAudit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: 'privacy.exported' } });
    expect(exportAudit).toMatchObject({ targetId: account.id, actorId: null });
    expect(JSON.stringify(exportAudit.details)).not.toContain('samira');

    // Before: the person is in many places.
    const before = await totals();
    expect(Object.keys(await rowsNaming(email)).length).toBeGreaterThan(4);
    expect(Object.keys(await rowsNaming(NAME))).toContain('webhook_events.payload');

    // ── Erasure, as the shopper's "Delete my account" ─────────────────────────────────────────────────────────────
    const wrong = await app.inject({
      method: 'DELETE',
      url: '/api/account',
      cookies: shopper.cookies,
      headers: { 'x-csrf-token': shopper.csrfToken },
      payload: { confirmEmail: otherEmail },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields).toEqual({ confirmEmail: 'must be your account’s email' });
    const erased = await app.inject({
      method: 'DELETE',
      url: '/api/account',
      cookies: shopper.cookies,
      headers: { 'x-csrf-token': shopper.csrfToken },
      payload: { confirmEmail: email.toUpperCase() },
    });
    expect(erased.statusCode).toBe(200);
    expect(erased.json()).toMatchObject({ account: true, stripeCustomerDeleted: true, orders: 2, payments: 2 });

    expect(await rowsNaming(email)).toEqual({});
    expect(await rowsNaming(NAME)).toEqual({});
    expect(await rowsNaming('samira')).toEqual({});
    expect(await rowsNaming('123 456')).toEqual({});
    expect(await totals()).toEqual(before);
    // The financial record stays: the orders, their amounts and ids; the other shopper is untouched.
    const kept = await db.prisma.order.findMany({ where: { id: { in: [guest.orderId, own.orderId] } } });
    expect(kept.map((order) => [order.status, order.email, order.erasedAt !== null])).toEqual(
      expect.arrayContaining([
        ['paid', '', true],
        ['partially_refunded', '', true],
      ]),
    );
    expect((await db.prisma.order.findUniqueOrThrow({ where: { id: other.orderId } })).email).toBe(otherEmail);
    expect(Object.keys(await rowsNaming(otherEmail)).length).toBeGreaterThan(2);
    // The Stripe Customer is gone, with its saved card; the session with it.
    await expect(stripe.customers.retrieve(account.stripeCustomerId!)).rejects.toMatchObject({ statusCode: 404 });
    expect(
      (await app.inject({ method: 'GET', url: '/api/account/session', cookies: shopper.cookies })).statusCode,
    ).toBe(401);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: 'privacy.erased' } });
    expect(audit).toMatchObject({ targetType: 'customer', targetId: account.id });
    expect(audit.details).toMatchObject({ requestedBy: 'shopper', orders: 2, stripeCustomerDeleted: true });

    // What Stripe says about the order later (here, the Customer's deletion and a refund from the Dashboard) reaches
    // the records but not their data: an event we ignore is stored stripped, and the retention sweep strips the rest.
    await stripe.refunds.create({ payment_intent: guest.paymentIntentId, amount: 100 });
    await waitFor('the late refund applied', async () => {
      await deliverEvents();
      const order = await db.prisma.order.findUniqueOrThrow({ where: { id: guest.orderId } });
      return order.amountRefunded === 100;
    });
    await app.useCases.stripOldPayloads();
    expect(await rowsNaming(email)).toEqual({});
    expect(await rowsNaming(NAME)).toEqual({});
    // Nothing was sent to the erased address since.
    const sentSince = await db.prisma.outboxMessage.count({
      where: { orderId: { in: [guest.orderId, own.orderId] }, sentAt: { gt: audit.occurredAt } },
    });
    expect(sentSince).toBe(0);
  }, 120_000);

  it('lets an admin export and erase a guest by email, and no one else', async () => {
    const guestEmail = `guest-${target}@example.com`;
    const { orderId } = await buyAndPay(guestEmail, { name: 'Gustav Guest', phone: '+49 30 999 888' });
    await deliverEvents();
    const support = await createTestStaff(app, 'support');
    const request = { method: 'POST' as const, url: '/api/admin/privacy/export', payload: { email: guestEmail } };
    expect((await asStaff(app, support, request)).statusCode).toBe(403);
    const exported = await asStaff(app, admin, request);
    expect(exported.statusCode).toBe(200);
    expect(exported.json()).toMatchObject({ account: null, orders: [{ id: orderId, email: guestEmail }] });

    const mismatch = await asStaff(app, admin, {
      method: 'POST',
      url: '/api/admin/privacy/erasure',
      payload: { email: guestEmail, confirmEmail: 'typo@example.com' },
    });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.fields).toHaveProperty('confirmEmail');
    const erased = await asStaff(app, admin, {
      method: 'POST',
      url: '/api/admin/privacy/erasure',
      payload: { email: guestEmail, confirmEmail: guestEmail },
    });
    expect(erased.statusCode).toBe(200);
    expect(erased.json()).toMatchObject({ account: false, stripeCustomerDeleted: false, orders: 1 });
    expect(await rowsNaming(guestEmail)).toEqual({});
    expect(await rowsNaming('Gustav Guest')).toEqual({});
    const audit = await db.prisma.auditLog.findFirstOrThrow({
      where: { action: 'privacy.erased', actorId: admin.id },
    });
    expect(audit.details).toMatchObject({ requestedBy: 'staff', orders: 1 });
    expect(JSON.stringify([audit.details, audit.targetId, audit.actorEmail])).not.toContain('guest-');
  }, 60_000);

  it('shows staff a customer: orders, cards by brand and last 4, the Stripe Customer, emails; masked but for admins', async () => {
    const address = `noor-${target}@example.com`;
    const shopper = await signIn(address);
    const { orderId } = await buyAndPay(address, { name: 'Noor Haddad', phone: '+1 555 0199' }, shopper.cookies);
    await deliverEvents();
    await waitFor('the confirmation sent', async () => {
      const row = await db.prisma.outboxMessage.findFirst({ where: { orderId, kind: 'order.paid' } });
      return row?.status === 'sent';
    });
    const account = await db.prisma.customer.findUniqueOrThrow({ where: { email: address } });
    const viewer = await createTestStaff(app, 'viewer');

    const byAdmin = await asStaff(app, admin, { url: `/api/admin/customers?q=${encodeURIComponent('noor-')}` });
    expect(byAdmin.json()).toMatchObject({
      emailsMasked: false,
      customers: [{ id: account.id, email: address, stripeCustomerId: account.stripeCustomerId, orders: 1 }],
    });
    // Masked roles find an account by its whole email or an id only: a part of an address finds nothing.
    const partial = await asStaff(app, viewer, { url: '/api/admin/customers?q=noor-' });
    expect(partial.json()).toEqual({ emailsMasked: true, customers: [] });
    const whole = await asStaff(app, viewer, { url: `/api/admin/customers?q=${encodeURIComponent(address)}` });
    expect(whole.json().customers).toEqual([expect.objectContaining({ id: account.id, email: 'n***@example.com' })]);
    const byStripeId = await asStaff(app, viewer, { url: `/api/admin/customers?q=${account.stripeCustomerId}` });
    expect(byStripeId.json().customers.map((c: { id: string }) => c.id)).toEqual([account.id]);

    const detail = await asStaff(app, viewer, { url: `/api/admin/customers/${account.id}` });
    expect(detail.statusCode).toBe(200);
    const page = detail.json();
    expect(page).toMatchObject({
      emailsMasked: true,
      customer: { email: 'n***@example.com', stripeCustomerId: account.stripeCustomerId },
      orders: [{ id: orderId, status: 'paid', payment: { status: 'succeeded', cardBrand: 'visa', cardLast4: '4242' } }],
      savedCards: [{ brand: 'visa', last4: '4242', isDefault: false }],
    });
    expect(page.notifications.map((n: { label: string }) => n.label)).toEqual(
      expect.arrayContaining(['Order confirmation email', 'Sign-in link']),
    );
    expect(JSON.stringify(page)).not.toContain(address);
    expect(JSON.stringify(page)).not.toMatch(/4242424242424242/);
    const full = await asStaff(app, admin, { url: `/api/admin/customers/${account.id}` });
    expect(full.json().customer.email).toBe(address);
    expect((await asStaff(app, viewer, { url: `/api/admin/customers/${crypto.randomUUID()}` })).statusCode).toBe(404);
    expect((await asStaff(app, null, { url: '/api/admin/customers' })).statusCode).toBe(401);
  }, 60_000);

  it('strips personal data from processed payloads older than PAYLOAD_RETENTION_DAYS, and keeps younger ones', async () => {
    const payload = (id: string) => ({
      id,
      type: 'charge.succeeded',
      data: {
        object: { id: `ch_${id}`, amount: 700, billing_details: { name: 'Retained Person', email: 'r@example.com' } },
      },
    });
    const event = (id: string, daysAgo: number, status: 'processed' | 'received') => ({
      stripeEventId: id,
      type: 'charge.succeeded',
      stripeCreatedAt: new Date(),
      receivedAt: new Date(Date.now() - daysAgo * 86_400_000),
      payload: payload(id),
      status,
    });
    await db.prisma.webhookEvent.createMany({
      data: [
        event(`evt_old_${target}`, 31, 'processed'),
        event(`evt_young_${target}`, 29, 'processed'),
        // Not processed yet: the workers still need all of it, whatever its age.
        event(`evt_waiting_${target}`, 40, 'received'),
      ],
    });
    const stripped = await app.useCases.stripOldPayloads();
    expect(stripped.payloads).toBeGreaterThanOrEqual(1);
    const row = (id: string) =>
      db.prisma.webhookEvent.findUniqueOrThrow({ where: { stripeEventId: `${id}_${target}` } });
    const old = await row('evt_old');
    expect(old.payloadRedactedAt).not.toBeNull();
    expect(JSON.stringify(old.payload)).not.toMatch(/Retained Person|r@example\.com/);
    expect(old.payload).toMatchObject({ data: { object: { id: `ch_evt_old_${target}`, amount: 700 } } });
    for (const kept of [await row('evt_young'), await row('evt_waiting')]) {
      expect(kept.payloadRedactedAt).toBeNull();
      expect(JSON.stringify(kept.payload)).toContain('Retained Person');
    }
    // A second sweep finds nothing left to do.
    await db.prisma.webhookEvent.update({
      where: { stripeEventId: `evt_waiting_${target}` },
      data: { status: 'dead' },
    });
    expect((await app.useCases.stripOldPayloads()).payloads).toBe(0);
  });
});
