import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { ports } from '../../ports';
import { expect, test } from '../fixtures';
import { waitForEmail } from '../mail';
import { fillCard, orderIdFrom, payButton, signInByLink, startCheckout } from './shop';

test('a shopper signs in by the link emailed to them, once, and out again', async ({ page }) => {
  const email = `shopper-${randomUUID().slice(0, 8)}@example.com`;
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByText(`if ${email} can receive email`)).toBeVisible();

  const message = await waitForEmail(email, /sign-in link/);
  const sentLink = new URL(/(http\S+\/account\/sign-in#token=[\w%-]+)/.exec(message.text)![1]!);
  // The demo's emails link to http://localhost:<port>; the suite browses 127.0.0.1, the same shop.
  const link = `${sentLink.pathname}${sentLink.hash}`;
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await expect(page.getByText(`Signed in as ${email}.`)).toBeVisible();
  await expect(page).toHaveURL(/\/account$/);
  // The shop's own cookie: httpOnly, Strict, never readable by the page.
  const cookies = await page.context().cookies();
  expect(cookies.find((cookie) => cookie.name.includes('storepay_shop'))).toMatchObject({
    httpOnly: true,
    sameSite: 'Strict',
  });

  // The same link does not work twice.
  await page.goto(link);
  await expect(page.getByRole('alert')).toContainText('used already or has expired');

  await page.goto('/account');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
});

test('a returning shopper pays with the card they saved, without typing it, then removes it', async ({ page }) => {
  test.setTimeout(90_000);
  const email = `saver-${randomUUID().slice(0, 8)}@example.com`;
  await signInByLink(page, email, 1);

  // First purchase: a new card, saved for next time.
  await startCheckout(page, 'Tasting Notebook', 'usd', email);
  const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
  await fillCard(page, { number: '4242 4242 4242 4242' });
  await frame.getByLabel('Save this card for future purchases').check();
  await payButton(page).click();
  await expect(page.getByRole('heading', { name: /Payment received/ })).toBeVisible();

  // Sign out and in again.
  await page.goto('/account');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' })).toBeVisible();
  await signInByLink(page, email, 2);
  await expect(page.getByRole('list', { name: 'Payment methods' })).toContainText('Visa ending in 4242');

  // Second purchase: the saved card is offered and chosen; nothing is typed.
  await startCheckout(page, 'Linen Apron', 'usd', email);
  await expect(frame.getByRole('radio', { name: /Visa •••• 4242/ })).toBeChecked();
  await expect(frame.getByLabel('Card number')).toBeHidden();
  await payButton(page).click();
  await expect(page.getByRole('heading', { name: /Payment received/ })).toBeVisible();
  const orderId = await orderIdFrom(page);

  // Both orders are the account's, paid with the same saved card at the emulator.
  await page.goto('/account');
  await expect(page.getByRole('list', { name: 'Your orders' }).getByRole('listitem')).toHaveCount(2);
  const order = await (await fetch(`${api}/api/orders/${orderId}`)).json();
  expect(order.status).toBe('paid');
  const [paidWith] = await intentsOf(orderId);
  expect(paidWith!.payment_method).toMatch(/^pm_/);
  const saved = await cardsAtStripeOf(paidWith!.customer!);
  expect(saved.map((card) => card.id)).toEqual([paidWith!.payment_method]);

  // Removed here, gone at Stripe.
  await page.getByRole('button', { name: 'Remove: Visa ending in 4242' }).click();
  await expect(page.getByText(/No saved cards/)).toBeVisible();
  expect(await cardsAtStripeOf(paidWith!.customer!)).toEqual([]);
});

const api = `http://127.0.0.1:${ports.api}`;
const stripeApi = `http://127.0.0.1:${ports.stripe}`;
const stripeKey = { authorization: 'Bearer sk_test_storepay_e2e' };

async function intentsOf(orderId: string): Promise<{ payment_method: string | null; customer: string | null }[]> {
  const query = encodeURIComponent(`metadata['order_id']:'${orderId}'`);
  const response = await fetch(`${stripeApi}/v1/payment_intents/search?query=${query}`, { headers: stripeKey });
  return ((await response.json()) as { data: { payment_method: string | null; customer: string | null }[] }).data;
}

async function cardsAtStripeOf(customer: string): Promise<{ id: string }[]> {
  const response = await fetch(`${stripeApi}/v1/customers/${customer}/payment_methods?type=card`, {
    headers: stripeKey,
  });
  return ((await response.json()) as { data: { id: string }[] }).data;
}

test('a shopper downloads their data, then deletes their account: gone here and at Stripe', async ({ page }) => {
  test.setTimeout(90_000);
  const email = `leaver-${randomUUID().slice(0, 8)}@example.com`;
  await signInByLink(page, email, 1);
  await startCheckout(page, 'Tasting Notebook', 'usd', email);
  const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
  await fillCard(page, { number: '4242 4242 4242 4242' });
  await frame.getByLabel('Save this card for future purchases').check();
  await payButton(page).click();
  await expect(page.getByRole('heading', { name: /Payment received/ })).toBeVisible();
  const orderId = await orderIdFrom(page);
  const [paidWith] = await intentsOf(orderId);

  // "Download my data": a JSON file with the account, the order and its payment.
  await page.goto('/account');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download my data' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(await readFile(await file.path(), 'utf8'));
  expect(data.account).toMatchObject({ email, stripeCustomerId: paidWith!.customer });
  expect(data.orders.map((order: { id: string }) => order.id)).toEqual([orderId]);
  expect(data.payments).toHaveLength(1);

  // "Delete my account": confirmed with the email, then signed out, the Stripe Customer deleted.
  await page.getByLabel('Type your email to confirm').fill(email);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your account is deleted' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' })).toBeVisible();
  const customer = await fetch(`${stripeApi}/v1/customers/${paidWith!.customer}`, { headers: stripeKey });
  expect(customer.status).toBe(404);
  // The order is still there for the shop's books, without the shopper's email.
  const order = await (await fetch(`${api}/api/orders/${orderId}`)).json();
  expect(order.status).toBe('paid');
  expect(JSON.stringify(order)).not.toContain(email);
});
