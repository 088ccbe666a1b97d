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

test.describe('admin risk and disputes desk', () => {
  test('works a Radar review from the queue: approved at Stripe, gone from the open queue', async ({
    page,
    request,
  }) => {
    const order = await createPaidOrder(request, { paymentMethod: 'pm_card_riskLevelElevated' });
    const ref = order.orderId.slice(0, 8);
    await signIn(page);
    await page.getByRole('link', { name: 'Reviews' }).click();
    const queue = page.getByRole('table', { name: 'Radar reviews' });
    const row = queue.getByRole('row').filter({ hasText: ref });
    await expect(row).toContainText(/elevated/i);
    await expect(row).toContainText('9235');

    await row.getByRole('button', { name: `Approve order ${ref}` }).click();
    const dialog = page.getByRole('alertdialog', { name: `Approve the payment of order ${ref}?` });
    await dialog.getByLabel('Decision note').fill('e2e: known customer');
    await dialog.getByRole('button', { name: 'Confirm approval' }).click();
    await expect(queue.getByRole('row').filter({ hasText: ref })).toHaveCount(0);

    const { review: reviewId } = await stripeGet<{ review: string }>(
      request,
      `/v1/payment_intents/${order.paymentIntentId}`,
    );
    const review = await stripeGet<{ open: boolean; closed_reason: string }>(request, `/v1/reviews/${reviewId}`);
    expect(review).toMatchObject({ open: false, closed_reason: 'approved' });
    // The payment page tells the same story.
    await page.goto(`/payments/${order.orderId}`);
    await expect(page.getByRole('table', { name: 'Radar reviews of this payment' })).toContainText(/approved/i);
  });

  test('answers a dispute with evidence and a document; Stripe has both and reviews it', async ({ page, request }) => {
    const order = await createPaidOrder(request, { paymentMethod: 'pm_card_createDispute' });
    await signIn(page);
    await page.goto(`/payments/${order.orderId}`);
    // The dispute opens shortly after the charge; the payment page links to it once the webhook is in.
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole('link', { name: 'Answer the dispute with evidence' })).toBeVisible({
        timeout: 1_000,
      });
    }).toPass({ timeout: 20_000 });
    await page.getByRole('link', { name: 'Answer the dispute with evidence' }).click();

    const form = page.getByRole('form', { name: 'Dispute evidence' });
    await form.getByLabel('Product description').fill('A linen tote bag, shipped by courier');
    await form.getByLabel('Shipping tracking number').fill('1Z999AA10123456784');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    await form.getByLabel('Receipt', { exact: true }).setInputFiles({
      name: 'receipt.pdf',
      mimeType: 'application/pdf',
      buffer: pdf,
    });
    await expect(form).toContainText(/file_/);
    await form.getByRole('button', { name: 'Save draft' }).click();
    await form.getByRole('button', { name: 'Submit evidence' }).click();
    await page
      .getByRole('alertdialog', { name: 'Submit the evidence to Stripe?' })
      .getByRole('button', { name: 'Submit to Stripe' })
      .click();
    await expect(page.getByLabel('Saved evidence')).toContainText('A linen tote bag');
    await expect(page.getByLabel('Dispute details')).toContainText(/under review/i);

    const { data } = await stripeGet<{
      data: { status: string; evidence: { product_description: string; receipt: string | null } }[];
    }>(request, `/v1/disputes?payment_intent=${order.paymentIntentId}`);
    expect(data[0]).toMatchObject({
      status: 'under_review',
      evidence: {
        product_description: 'A linen tote bag, shipped by courier',
        receipt: expect.stringMatching(/^file_/),
      },
    });
    const file = await stripeGet<{ purpose: string; size: number; type: string }>(
      request,
      `/v1/files/${data[0]!.evidence.receipt}`,
    );
    expect(file).toMatchObject({ purpose: 'dispute_evidence', size: pdf.length, type: 'pdf' });
  });
});
