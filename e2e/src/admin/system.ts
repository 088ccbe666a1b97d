// Drives the running e2e system over HTTP for the admin suites: staff sessions, paid orders, signed webhooks.
import { randomUUID } from 'node:crypto';
import { expect, request as requests, type APIRequestContext, type Page } from '@playwright/test';
import { signedDelivery, stripeEvent, testId } from '@storepay/payments-core/testing';
import { DEMO_ADMIN, E2E_WEBHOOK_SECRET, ports } from '../../ports';
import { waitForEmail } from '../mail';

export const api = `http://127.0.0.1:${ports.api}`;
const stripe = `http://127.0.0.1:${ports.stripe}`;
const STRIPE_KEY = 'sk_test_storepay_demo';

export interface Credentials {
  email: string;
  password: string;
}

/** Signs in through the API in this request context (which keeps the cookie); answers the CSRF token. */
export async function apiSignIn(request: APIRequestContext, who: Credentials = DEMO_ADMIN): Promise<string> {
  const response = await request.post(`${api}/api/admin/session`, { data: who });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

/** A new staff member with this role, made by the demo admin. */
export async function createStaff(
  request: APIRequestContext,
  role: 'viewer' | 'support' | 'admin',
): Promise<Credentials> {
  const csrf = await apiSignIn(request);
  const who = { email: `${role}-${randomUUID().slice(0, 8)}@example.com`, password: `pw-${randomUUID()}` };
  const response = await request.post(`${api}/api/admin/staff`, {
    data: { ...who, name: `E2E ${role}`, role },
    headers: { 'x-csrf-token': csrf },
  });
  expect(response.status(), await response.text()).toBe(201);
  return who;
}

/** Signs in through the admin's own form. */
export async function signIn(page: Page, who: Credentials = DEMO_ADMIN): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** Reads an object from the emulator as stripe-node would (GET with the secret key). */
export async function stripeGet<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(`${stripe}${path}`, { headers: { authorization: `Bearer ${STRIPE_KEY}` } });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as T;
}

/**
 * A paid order (or, with `captureMethod: 'manual'`, an authorised one): checkout through the API, the PaymentIntent confirmed with a test card at the emulator (as Stripe.js
 * would), and the order paid once the webhook was processed.
 */
export async function createPaidOrder(
  request: APIRequestContext,
  {
    currency = 'usd',
    email = `buyer-${randomUUID().slice(0, 8)}@example.com`,
    quantity = 1,
    paymentMethod = 'pm_card_visa',
    captureMethod = 'automatic',
  } = {},
): Promise<{ orderId: string; paymentIntentId: string; amount: number; email: string }> {
  const products = (await (await request.get(`${api}/api/products`)).json()) as {
    products: { id: string; name: string }[];
  };
  const product = products.products[0]!;
  const checkout = await request.post(`${api}/api/checkout`, {
    data: { items: [{ productId: product.id, quantity }], currency, email },
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(checkout.status(), await checkout.text()).toBe(201);
  const { orderId, paymentIntentId, amount } = (await checkout.json()) as {
    orderId: string;
    paymentIntentId: string;
    amount: number;
  };
  if (captureMethod === 'manual') {
    // As a shop on CAPTURE_METHOD=manual would have made it (or staff in Stripe's Dashboard): authorise only.
    const update = await request.post(`${stripe}/v1/payment_intents/${paymentIntentId}`, {
      headers: { authorization: `Bearer ${STRIPE_KEY}` },
      form: { capture_method: 'manual' },
    });
    expect(update.status(), await update.text()).toBe(200);
  }
  const confirm = await request.post(`${stripe}/v1/payment_intents/${paymentIntentId}/confirm`, {
    headers: { authorization: `Bearer ${STRIPE_KEY}` },
    form: { payment_method: paymentMethod, return_url: 'http://127.0.0.1/done' },
  });
  expect(confirm.status(), await confirm.text()).toBe(200);
  await expect
    .poll(
      async () => ((await (await request.get(`${api}/api/orders/${orderId}`)).json()) as { status: string }).status,
      {
        timeout: 20_000,
      },
    )
    .toBe(captureMethod === 'manual' ? 'authorized' : 'paid');
  return { orderId, paymentIntentId, amount, email };
}

/**
 * A shopper's account, made as the storefront makes it: a sign-in link asked for, read from the mail catcher and
 * redeemed (in a request context of its own, so the shop's cookie stays out of the caller's). With `claimOrders`, the
 * guest orders of the email (from createPaidOrder) become the account's, as "Add them to my account" does.
 */
export async function createCustomer({
  email = `shopper-${randomUUID().slice(0, 8)}@example.com`,
  claimOrders = false,
} = {}): Promise<{ id: string; email: string }> {
  const shop = await requests.newContext();
  try {
    const asked = await shop.post(`${api}/api/account/sign-in-link`, { data: { email } });
    expect(asked.status(), await asked.text()).toBe(202);
    const message = await waitForEmail(email, /sign-in link/);
    const token = decodeURIComponent(/\/account\/sign-in#token=([\w%-]+)/.exec(message.text)![1]!);
    const session = await shop.post(`${api}/api/account/session`, { data: { token } });
    expect(session.status(), await session.text()).toBe(200);
    const { customer, csrfToken } = (await session.json()) as {
      customer: { id: string; email: string };
      csrfToken: string;
    };
    if (claimOrders) {
      const claimed = await shop.post(`${api}/api/account/orders/claim`, { headers: { 'x-csrf-token': csrfToken } });
      expect(claimed.status(), await claimed.text()).toBe(200);
    }
    return customer;
  } finally {
    await shop.dispose();
  }
}

/** Delivers an event to the API's webhook endpoint, signed as Stripe signs it (or with a wrong secret). */
export async function deliverWebhook(
  request: APIRequestContext,
  event: object,
  secret = E2E_WEBHOOK_SECRET,
): Promise<number> {
  const { body, headers } = await signedDelivery(event, secret);
  const response = await request.post(`${api}/webhooks/stripe`, { data: body, headers });
  return response.status();
}

/** A payment_intent.succeeded whose PaymentIntent has a status no handler knows: processing it fails (dead at once). */
export function brokenEvent() {
  return stripeEvent('payment_intent.succeeded', {
    id: testId('pi_e2e'),
    object: 'payment_intent',
    status: 'not-a-status',
  });
}
