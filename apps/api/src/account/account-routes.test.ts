// Shoppers' sign-in end to end: a link asked for over HTTP, sent by the notification worker through a real mail
// server (maildev), used once for a session of the shop's own; a checkout made signed in belongs to the account.
// On PGlite and on PostgreSQL.
import { seedCatalog } from '@storepay/db';
import { postgresqlTestsEnabled, type TestDatabase } from '@storepay/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { emulatorStripe, startAdminTestSystem, type AdminTestSystem } from '../admin/test-kit';
import { startMailCatcher, type MailCatcher } from '../notifications/test-mail-catcher';
import { waitFor } from '../test-support';

const targets = postgresqlTestsEnabled() ? (['pglite', 'postgresql'] as const) : (['pglite'] as const);
const COOKIE = '__Host-storepay_shop';

describe.each(targets)('shopper accounts on %s', (target) => {
  let mail: MailCatcher;
  let system: AdminTestSystem;
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    mail = await startMailCatcher();
    system = await startAdminTestSystem(target, {
      emulator: true,
      env: {
        SMTP_URL: mail.smtpUrl,
        SHOP_URL: 'https://shop.test',
        NOTIFICATION_POLL_MS: '50',
        RATE_LIMITS: 'shopper_link_email=3/600',
      },
    });
    ({ db, app } = system);
    await seedCatalog(db);
    await app.ready();
  });

  afterAll(async () => {
    await system?.close();
    await mail?.stop();
  });

  const askForLink = (email: string, locale?: string) =>
    app.inject({ method: 'POST', url: '/api/account/sign-in-link', payload: { email, ...(locale ? { locale } : {}) } });

  /** The token of the newest sign-in link emailed to `email`. */
  async function linkTokenFor(email: string, count = 1): Promise<string> {
    const emails = await waitFor(`${count} sign-in email(s) to ${email}`, async () => {
      const to = (await mail.emails()).filter((each) => each.to.some((one) => one.address === email));
      return to.length >= count && to;
    });
    const match = /account\/sign-in#token=([\w%-]+)/.exec(emails.at(-1)!.text);
    return decodeURIComponent(match![1]!);
  }

  function cookieOf(response: { cookies: { name: string; value: string }[] }) {
    return response.cookies.find((cookie) => cookie.name === COOKIE);
  }

  it('emails a one-time link, in the shopper’s language, that signs into an account of the shop’s own', async () => {
    const email = `ada-${target}@example.com`;
    const asked = await askForLink(email.toUpperCase(), 'de');
    expect(asked.statusCode).toBe(202);
    expect(asked.json()).toEqual({ sent: true });
    const token = await linkTokenFor(email);
    const [sent] = (await mail.emails()).filter((each) => each.to.some((one) => one.address === email));
    expect(sent!.subject).toBe('Ihr Anmeldelink für Storepay');

    // Nothing at rest can sign anyone in: the token is stored hashed, and the outbox row never held it.
    const stored = await db.prisma.customerSignInToken.findMany({ where: { email } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(token);
    const rows = await db.prisma.outboxMessage.findMany({ where: { kind: 'customer.sign_in' } });
    expect(JSON.stringify(rows)).not.toContain(token);

    const signedIn = await app.inject({ method: 'POST', url: '/api/account/session', payload: { token } });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json()).toMatchObject({ customer: { email }, csrfToken: expect.any(String) });
    const cookie = cookieOf(signedIn)!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    const cookies = { [COOKIE]: cookie.value };
    expect((await app.inject({ method: 'GET', url: '/api/account/session', cookies })).json()).toMatchObject({
      customer: { email },
    });
    // A staff session it is not.
    expect((await app.inject({ method: 'GET', url: '/api/admin/session', cookies })).statusCode).toBe(401);

    const again = await app.inject({ method: 'POST', url: '/api/account/session', payload: { token } });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('sign_in_link_invalid');
  });

  it('answers an address with an account and one without alike, and limits how many links one address gets', async () => {
    const known = `grace-${target}@example.com`;
    await app.inject({
      method: 'POST',
      url: '/api/account/session',
      payload: { token: await (async () => (await askForLink(known), linkTokenFor(known)))() },
    });
    const forKnown = await askForLink(known);
    const forUnknown = await askForLink(`nobody-${target}@example.com`);
    expect([forKnown.statusCode, forKnown.body]).toEqual([forUnknown.statusCode, forUnknown.body]);
    await askForLink(known);
    const limited = await askForLink(known);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await askForLink('not-an-email')).json().error.fields).toEqual({ email: 'must be an email address' });
  });

  it('makes one Stripe Customer of an account however many first checkouts run at once, and pays as it', async () => {
    const email = `mary-${target}@example.com`;
    await askForLink(email);
    const signedIn = await app.inject({
      method: 'POST',
      url: '/api/account/session',
      payload: { token: await linkTokenFor(email) },
    });
    const cookies = { [COOKIE]: cookieOf(signedIn)!.value };
    const { customer } = signedIn.json<{ customer: { id: string } }>();
    const { products } = (await app.inject('/api/products')).json<{ products: { id: string }[] }>();
    const checkouts = await Promise.all(
      [1, 2, 3, 4, 5].map((quantity) =>
        app.inject({
          method: 'POST',
          url: '/api/checkout',
          cookies,
          payload: { items: [{ productId: products[0]!.id, quantity }], currency: 'usd', email },
        }),
      ),
    );
    expect(checkouts.map((response) => response.statusCode)).toEqual([201, 201, 201, 201, 201]);
    const stripe = emulatorStripe(system.emulator!);
    const atStripe = (await stripe.customers.list({ email, limit: 10 })).data;
    expect(atStripe).toHaveLength(1);
    expect(atStripe[0]!.metadata).toEqual({ storepay_customer_id: customer.id });
    const account = await db.prisma.customer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(account.stripeCustomerId).toBe(atStripe[0]!.id);
    for (const response of checkouts) {
      const intent = await stripe.paymentIntents.retrieve(response.json<{ paymentIntentId: string }>().paymentIntentId);
      expect(intent.customer).toBe(atStripe[0]!.id);
    }
  });

  it('lists the account’s orders, and adds the guest orders of its email when the shopper asks', async () => {
    const email = `olga-${target}@example.com`;
    const { products } = (await app.inject('/api/products')).json<{ products: { id: string }[] }>();
    const buy = (cookies: Record<string, string> = {}, who = email) =>
      app.inject({
        method: 'POST',
        url: '/api/checkout',
        cookies,
        payload: { items: [{ productId: products[0]!.id, quantity: 2 }], currency: 'usd', email: who },
      });
    const guestOrder = (await buy({}, email.toUpperCase())).json<{ orderId: string }>().orderId;
    await buy({}, `someone-else-${target}@example.com`);
    await askForLink(email);
    const signedIn = await app.inject({
      method: 'POST',
      url: '/api/account/session',
      payload: { token: await linkTokenFor(email) },
    });
    const { csrfToken } = signedIn.json<{ csrfToken: string }>();
    const cookies = { [COOKIE]: cookieOf(signedIn)!.value };
    const ownOrder = (await buy(cookies)).json<{ orderId: string }>().orderId;

    const before = (await app.inject({ method: 'GET', url: '/api/account/orders', cookies })).json();
    expect(before).toMatchObject({
      claimable: 1,
      orders: [{ id: ownOrder, status: 'pending', items: 2, currency: 'usd' }],
    });
    expect(before.orders).toHaveLength(1);
    expect((await app.inject({ method: 'POST', url: '/api/account/orders/claim', cookies })).statusCode).toBe(403);
    const claimed = await app.inject({
      method: 'POST',
      url: '/api/account/orders/claim',
      cookies,
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(claimed.json()).toEqual({ claimed: 1 });
    const after = (await app.inject({ method: 'GET', url: '/api/account/orders', cookies })).json();
    expect(after.claimable).toBe(0);
    expect(after.orders.map((order: { id: string }) => order.id).sort()).toEqual([guestOrder, ownOrder].sort());
    expect((await app.inject({ method: 'GET', url: '/api/account/orders' })).statusCode).toBe(401);
  });

  it('saves a card at checkout, lists it, makes it the default, and removes it (gone at Stripe too)', async () => {
    const email = `sara-${target}@example.com`;
    await askForLink(email);
    const signedIn = await app.inject({
      method: 'POST',
      url: '/api/account/session',
      payload: { token: await linkTokenFor(email) },
    });
    const { csrfToken } = signedIn.json<{ csrfToken: string }>();
    const cookies = { [COOKIE]: cookieOf(signedIn)!.value };
    const headers = { 'x-csrf-token': csrfToken };
    const { products } = (await app.inject('/api/products')).json<{ products: { id: string }[] }>();
    const checkout = await app.inject({
      method: 'POST',
      url: '/api/checkout',
      cookies,
      payload: { items: [{ productId: products[0]!.id, quantity: 1 }], currency: 'usd', email },
    });
    const created = checkout.json<{ paymentIntentId: string; customerSessionClientSecret?: string }>();
    expect(created.customerSessionClientSecret).toMatch(/^cuss_\w+_secret_/);
    expect((await app.inject({ method: 'GET', url: '/api/account/payment-methods', cookies })).json()).toEqual({
      paymentMethods: [],
    });

    // The shopper ticks "save this card" in the Payment Element: Stripe.js confirms with setup_future_usage.
    const stripe = emulatorStripe(system.emulator!);
    await stripe.paymentIntents.confirm(created.paymentIntentId, {
      payment_method: 'pm_card_visa',
      setup_future_usage: 'off_session',
      return_url: 'https://shop.test/orders',
    });
    const listed = (await app.inject({ method: 'GET', url: '/api/account/payment-methods', cookies })).json<{
      paymentMethods: { id: string; brand: string; last4: string; isDefault: boolean }[];
    }>();
    expect(listed.paymentMethods).toEqual([
      expect.objectContaining({ brand: 'visa', last4: '4242', isDefault: false }),
    ]);
    const card = listed.paymentMethods[0]!.id;

    const url = `/api/account/payment-methods/${card}`;
    expect((await app.inject({ method: 'POST', url: `${url}/default`, cookies })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: `${url}/default`, cookies, headers })).statusCode).toBe(204);
    const afterDefault = (await app.inject({ method: 'GET', url: '/api/account/payment-methods', cookies })).json();
    expect(afterDefault.paymentMethods[0].isDefault).toBe(true);

    const someoneElses = await stripe.paymentMethods.attach('pm_card_visa', {
      customer: (await stripe.customers.create({})).id,
    });
    const foreign = await app.inject({
      method: 'DELETE',
      url: `/api/account/payment-methods/${someoneElses.id}`,
      cookies,
      headers,
    });
    expect(foreign.statusCode).toBe(404);
    expect((await stripe.paymentMethods.retrieve(someoneElses.id)).customer).not.toBeNull();

    expect((await app.inject({ method: 'DELETE', url, cookies, headers })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/account/payment-methods', cookies })).json()).toEqual({
      paymentMethods: [],
    });
    expect((await stripe.paymentMethods.retrieve(card)).customer).toBeNull();

    const setup = await app.inject({ method: 'POST', url: '/api/account/setup-intents', cookies, headers });
    expect(setup.statusCode).toBe(201);
    expect(setup.json().clientSecret).toMatch(/^seti_\w+_secret_/);
  });

  it('makes a signed-in shopper’s checkout theirs, and ends the session on sign-out (with its CSRF token)', async () => {
    const email = `linus-${target}@example.com`;
    await askForLink(email);
    const signedIn = await app.inject({
      method: 'POST',
      url: '/api/account/session',
      payload: { token: await linkTokenFor(email) },
    });
    const { csrfToken, customer } = signedIn.json<{ csrfToken: string; customer: { id: string } }>();
    const cookies = { [COOKIE]: cookieOf(signedIn)!.value };

    const { products } = (await app.inject('/api/products')).json<{ products: { id: string }[] }>();
    const checkout = await app.inject({
      method: 'POST',
      url: '/api/checkout',
      cookies,
      payload: { items: [{ productId: products[0]!.id, quantity: 1 }], currency: 'usd', email },
    });
    expect(checkout.statusCode).toBe(201);
    const order = await db.prisma.order.findUniqueOrThrow({ where: { id: checkout.json().orderId } });
    expect(order.customerId).toBe(customer.id);
    const guest = await app.inject({
      method: 'POST',
      url: '/api/checkout',
      payload: { items: [{ productId: products[0]!.id, quantity: 1 }], currency: 'usd', email },
    });
    expect((await db.prisma.order.findUniqueOrThrow({ where: { id: guest.json().orderId } })).customerId).toBeNull();

    const noCsrf = await app.inject({ method: 'DELETE', url: '/api/account/session', cookies });
    expect(noCsrf.statusCode).toBe(403);
    const out = await app.inject({
      method: 'DELETE',
      url: '/api/account/session',
      cookies,
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/account/session', cookies })).statusCode).toBe(401);
  });
});
