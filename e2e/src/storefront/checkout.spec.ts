import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { ports } from '../../ports';
import { emailsTo } from '../mail';
import { challenge, fillCard, orderIdFrom, payButton, startCheckout } from './shop';

const api = `http://127.0.0.1:${ports.api}`;
const stripe = `http://127.0.0.1:${ports.stripe}`;

/** The PaymentIntents the emulator holds for an order. */
async function paymentIntentsOf(
  orderId: string,
): Promise<{ id: string; amount: number; currency: string; status: string }[]> {
  const query = encodeURIComponent(`metadata['order_id']:'${orderId}'`);
  const response = await fetch(`${stripe}/v1/payment_intents/search?query=${query}`, {
    headers: { authorization: 'Bearer sk_test_storepay_e2e' },
  });
  return ((await response.json()) as { data: { id: string; amount: number; currency: string; status: string }[] }).data;
}

/** The charges the emulator made for a PaymentIntent. */
async function chargesOf(paymentIntentId: string): Promise<{ id: string; status: string }[]> {
  const response = await fetch(`${stripe}/v1/charges?payment_intent=${encodeURIComponent(paymentIntentId)}`, {
    headers: { authorization: 'Bearer sk_test_storepay_e2e' },
  });
  return ((await response.json()) as { data: { id: string; status: string }[] }).data;
}

/** Settles a processing SEPA debit now, as the bank would days later (the emulator's control API). */
async function settleDebit(paymentIntentId: string, outcome: 'succeeded' | 'failed') {
  const response = await fetch(`${stripe}/_emulator/payment_intents/${encodeURIComponent(paymentIntentId)}/settle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outcome }),
  });
  expect(response.status).toBe(200);
}

async function payByDebit(page: Page, email: string, iban: string) {
  await startCheckout(page, 'Linen Apron', 'eur', email);
  const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
  await frame.getByRole('tab', { name: 'SEPA Debit' }).click();
  // The receipt's address is already there; the mandate names the shop.
  await expect(frame.getByLabel('Email')).toHaveValue(email);
  await expect(frame.getByText(/you authorise \(A\) Storepay and Stripe/)).toBeVisible();
  await frame.getByLabel('Full name').fill('Jenny Rosen');
  await frame.getByLabel('IBAN').fill(iban);
  await payButton(page).click();
  await expect(page.getByRole('heading', { name: 'Your payment is processing' })).toBeVisible();
  const orderId = await orderIdFrom(page);
  const [intent] = await paymentIntentsOf(orderId);
  expect(intent).toMatchObject({ currency: 'eur', status: 'processing' });
  const order = (await (await fetch(`${api}/api/orders/${orderId}`)).json()) as { status: string };
  expect(order.status).toBe('processing');
  return { orderId, paymentIntentId: intent!.id, amount: intent!.amount };
}

test.describe('checkout', () => {
  test('pays with 4242 in USD and shows paid only when the server says so', async ({ page }) => {
    await startCheckout(page, 'Ceramic Pour-Over Dripper');
    await fillCard(page, { number: '4242 4242 4242 4242' });
    await expect(payButton(page)).toHaveText(/\$34\.00/);
    await payButton(page).click();
    await expect(page.getByRole('heading', { name: /Payment received/ })).toBeVisible();
    const orderId = await orderIdFrom(page);
    const order = (await (await fetch(`${api}/api/orders/${orderId}`)).json()) as { status: string; amount: number };
    expect(order).toMatchObject({ status: 'paid', amount: 3400 });
  });

  test('pays by SEPA Direct Debit in EUR: processing until the bank answers, then paid', async ({ page }) => {
    const { orderId, paymentIntentId, amount } = await payByDebit(
      page,
      'debit@example.com',
      'AT32 1904 3002 3547 3204',
    );
    await expect(page.getByText(/Your bank is processing the payment/)).toBeVisible();
    // Days later the bank pays: the page, still open, says so.
    await settleDebit(paymentIntentId, 'succeeded');
    await expect(page.getByRole('heading', { name: /Payment received/ })).toBeVisible();
    const order = (await (await fetch(`${api}/api/orders/${orderId}`)).json()) as { status: string; amount: number };
    expect(order).toMatchObject({ status: 'paid', amount });
  });

  test('tells the shopper when their bank refuses the debit', async ({ page }) => {
    const { paymentIntentId } = await payByDebit(page, 'refused@example.com', 'AT05 1904 3002 3547 3205');
    await settleDebit(paymentIntentId, 'failed');
    await expect(page.getByRole('heading', { name: 'Payment failed' })).toBeVisible();
    await expect(page.getByText(/haven't been charged/)).toBeVisible();
    // Told by email too: the page may be long closed when a bank answers.
    await expect
      .poll(async () => (await emailsTo('refused@example.com')).map((message) => message.subject))
      .toContainEqual(expect.stringMatching(/The payment for order \w+ failed/));
  });

  test('charges a JPY order in whole yen', async ({ page }) => {
    await startCheckout(page, 'Hand Burr Grinder', 'jpy');
    await fillCard(page, { number: '4242 4242 4242 4242' });
    await expect(payButton(page)).toHaveText(/¥18,500/);
    await payButton(page).click();
    await expect(page.getByRole('heading', { name: /Payment received/ })).toBeVisible();
    const [intent] = await paymentIntentsOf(await orderIdFrom(page));
    expect(intent).toMatchObject({ amount: 18500, currency: 'jpy', status: 'succeeded' });
  });

  test('shows a decline, then a retry with another card on the same order succeeds', async ({ page }) => {
    await startCheckout(page, 'Linen Apron');
    await fillCard(page, { number: '4000 0000 0000 0002' });
    await payButton(page).click();
    await expect(page.getByRole('alert')).toContainText(/declined/i);
    await fillCard(page, { number: '4242 4242 4242 4242' });
    await payButton(page).click();
    await expect(page.getByRole('heading', { name: /Payment received/ })).toBeVisible();
    const intents = await paymentIntentsOf(await orderIdFrom(page));
    expect(intents).toHaveLength(1);
    expect(intents[0]!.status).toBe('succeeded');
  });

  test('explains insufficient funds', async ({ page }) => {
    await startCheckout(page, 'Tasting Notebook');
    await fillCard(page, { number: '4000 0000 0000 9995' });
    await payButton(page).click();
    await expect(page.getByRole('alert')).toContainText(/insufficient funds/i);
  });

  test('completes 3D Secure', async ({ page }) => {
    await startCheckout(page, 'Gooseneck Kettle');
    await fillCard(page, { number: '4000 0027 6000 3184' });
    await payButton(page).click();
    await challenge(page).getByRole('button', { name: 'Complete' }).click();
    await expect(page.getByRole('heading', { name: /Payment received/ })).toBeVisible();
  });

  test('reports a failed 3D Secure authentication', async ({ page }) => {
    await startCheckout(page, 'Gooseneck Kettle');
    await fillCard(page, { number: '4000 0027 6000 3184' });
    await payButton(page).click();
    await challenge(page).getByRole('button', { name: 'Fail' }).click();
    await expect(page.getByRole('alert')).toContainText(/couldn't verify this payment with your bank/i);
    await expect(page.getByRole('heading', { name: /Payment received/ })).toHaveCount(0);
  });

  test('a double click on pay confirms once and charges once', async ({ page }) => {
    // Every confirmation the page (or Stripe.js in its frames) sends: the PaymentIntent exists before the click, so
    // only these and the charges tell what the click did.
    const confirmations: string[] = [];
    page.on('request', (request) => {
      if (
        request.method() === 'POST' &&
        /\/v1\/payment_intents\/[^/]+\/confirm$/.test(new URL(request.url()).pathname)
      ) {
        confirmations.push(request.url());
      }
    });
    await startCheckout(page, 'Single-Origin Beans, 250 g');
    await fillCard(page, { number: '4242 4242 4242 4242' });
    await payButton(page).dblclick();
    await expect(page.getByRole('heading', { name: /Payment received/ })).toBeVisible();
    const intents = await paymentIntentsOf(await orderIdFrom(page));
    expect(intents).toHaveLength(1);
    expect(intents[0]!.status).toBe('succeeded');
    expect(confirmations).toHaveLength(1);
    expect(await chargesOf(intents[0]!.id)).toHaveLength(1);
  });

  test('a reload during the payment step resumes the same order (one order, one PaymentIntent)', async ({ page }) => {
    const created = page.waitForResponse((r) => r.url().endsWith('/api/checkout') && r.request().method() === 'POST');
    await startCheckout(page, 'Hand Burr Grinder');
    const first = ((await (await created).json()) as { orderId: string }).orderId;
    await expect(payButton(page)).toBeVisible();

    await page.reload();
    const again = page.waitForResponse((r) => r.url().endsWith('/api/checkout') && r.request().method() === 'POST');
    await page.getByLabel('Email').fill('shopper@example.com');
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    expect(((await (await again).json()) as { orderId: string }).orderId).toBe(first);

    await fillCard(page, { number: '4242 4242 4242 4242' });
    await payButton(page).click();
    await expect(page.getByRole('heading', { name: /Payment received/ })).toBeVisible();
    expect(await orderIdFrom(page)).toBe(first);
    expect(await paymentIntentsOf(first)).toHaveLength(1);
  });
});
