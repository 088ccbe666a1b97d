// The payments desk in a real browser against `npm start`'s system: capture an authorisation from its payment page,
// work a Radar review from the queue, answer a dispute with evidence and a document.
import { expect, test } from '../fixtures';
import { detail, money } from './payment-page';
import { createPaidOrder, signIn, stripeGet } from './system';

test.describe('admin payments desk', () => {
  test('captures half of an authorised order from its page; the rest goes back to the shopper', async ({
    page,
    request,
  }) => {
    const order = await createPaidOrder(request, { captureMethod: 'manual' });
    const half = Math.floor(order.amount / 2);
    await signIn(page);
    await page.goto(`/payments/${order.orderId}`);
    const panel = page.getByRole('region', { name: 'Authorisation' });
    await expect(detail(page, 'Status')).toContainText(/authori[sz]ed/i);
    await expect(panel.getByLabel('Authorisation details')).toContainText(money(order.amount));
    // Nothing to refund yet: an authorisation is captured or released, never refunded.
    await expect(page.getByRole('button', { name: 'Refund', exact: true })).toHaveCount(0);

    await panel.getByLabel('Amount to capture').fill((half / 100).toFixed(2));
    await panel.getByLabel('Capture note').fill('e2e: half shipped');
    await panel.getByRole('button', { name: 'Capture', exact: true }).click();
    await expect(detail(page, 'Status')).toContainText(/^paid$/i);
    await expect(panel.getByRole('table', { name: 'Decisions on this authorisation' })).toContainText(money(half));

    // Stripe holds what was captured, and no more.
    const intent = await stripeGet<{ status: string; amount_received: number; amount_capturable: number }>(
      request,
      `/v1/payment_intents/${order.paymentIntentId}`,
    );
    expect(intent).toMatchObject({ status: 'succeeded', amount_received: half, amount_capturable: 0 });
    await expect(detail(page, 'Refundable')).toHaveText(money(half));
  });
});
