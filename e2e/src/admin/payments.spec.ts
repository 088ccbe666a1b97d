import { expect, test } from '../fixtures';
import { emailsTo, waitForEmail } from '../mail';
import { detail, money, refundForm } from './payment-page';
import { api, apiSignIn, createPaidOrder, createStaff, signIn } from './system';

test.describe('admin payments', () => {
  test('refuses a wrong password, then signs in, filters and searches; the URL carries the filters', async ({
    page,
    request,
  }) => {
    const order = await createPaidOrder(request, { currency: 'eur' });

    await page.goto('/payments');
    await expect(page).toHaveURL(/sign-in/);
    await page.getByLabel('Email').fill('admin@storepay.local');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await signIn(page);

    await page.getByRole('link', { name: 'Payments' }).click();
    await page.getByLabel('Search').fill(order.email);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(order.email).replace('.', '\\.')}`));
    const rows = page.getByRole('region', { name: 'Payments table' }).getByRole('row');
    await expect(rows).toHaveCount(2); // the header and our payment
    await expect(rows.nth(1)).toContainText(order.email);

    // Status and currency narrow the same search; the wrong currency empties it.
    await page.getByRole('checkbox', { name: 'Paid' }).check();
    await page.getByLabel('Currency').selectOption('eur');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/status=paid/);
    await expect(rows.nth(1)).toContainText(order.email);
    await page.getByLabel('Currency').selectOption('jpy');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByRole('region', { name: 'Payments table' })).toHaveCount(0);

    // A shared link restores the view.
    const shared = page.url().replace('currency=jpy', 'currency=eur');
    await page.goto(shared);
    await expect(page.getByLabel('Search')).toHaveValue(order.email);
    await expect(page.getByRole('region', { name: 'Payments table' }).getByRole('row').nth(1)).toContainText(
      order.email,
    );
  });

  test('refunds part of a paid order, then the rest', async ({ page, request }) => {
    const order = await createPaidOrder(request, { currency: 'usd' });
    const half = Math.floor(order.amount / 2);
    await signIn(page);
    await page.goto(`/payments/${order.orderId}`);
    await expect(detail(page, 'Refundable')).toHaveText(money(order.amount));

    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await refundForm(page)
      .getByLabel('Amount')
      .fill((half / 100).toFixed(2));
    await refundForm(page).getByLabel('Reason').selectOption('requested_by_customer');
    await refundForm(page).getByLabel('Note').fill('e2e: part');
    await page.getByRole('button', { name: 'Request refund' }).click();
    await expect(detail(page, 'Refunded')).toHaveText(money(half));
    await expect(detail(page, 'Refundable')).toHaveText(money(order.amount - half));
    await expect(detail(page, 'Status')).toContainText(/partially refunded/i);
    // The shopper is told of the refund by email (and had their confirmation before).
    const ref = order.orderId.slice(0, 8).toUpperCase();
    const refundEmail = await waitForEmail(order.email, new RegExp(`^A refund of ${money(half).replace('$', '\\$')}`));
    expect(refundEmail.subject).toBe(`A refund of ${money(half)} for order ${ref}`);
    await waitForEmail(order.email, /is confirmed$/);

    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await refundForm(page)
      .getByLabel('Amount')
      .fill(((order.amount - half) / 100).toFixed(2));
    await refundForm(page).getByLabel('Reason').selectOption('requested_by_customer');
    await page.getByRole('button', { name: 'Request refund' }).click();
    await expect(detail(page, 'Refunded')).toHaveText(money(order.amount));
    await expect(detail(page, 'Refundable')).toHaveText('$0.00');
    await expect(detail(page, 'Status')).toContainText(/^refunded$/i);
    await expect(page.getByRole('table', { name: 'Refunds' }).getByRole('row')).toHaveCount(3);
    // One email per refund, never more: two arrive, and a while later there are still two.
    const refundEmails = async () =>
      (await emailsTo(order.email)).filter((email) => email.subject.startsWith('A refund')).length;
    await expect.poll(refundEmails).toBe(2);
    await page.waitForTimeout(2_000);
    expect(await refundEmails()).toBe(2);
  });

  test('a viewer sees no refund button, and the API answers 403 to a refund anyway', async ({
    page,
    request,
    playwright,
  }) => {
    const order = await createPaidOrder(request);
    const viewer = await createStaff(request, 'viewer');
    await signIn(page, viewer);
    await page.goto(`/payments/${order.orderId}`);
    await expect(detail(page, 'Refundable')).toHaveText(money(order.amount));
    await expect(page.getByRole('button', { name: 'Refund', exact: true })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Staff' })).toHaveCount(0);

    // The same session, straight to the API (its cookie and CSRF token): refused on the server.
    const context = await playwright.request.newContext();
    const csrf = await apiSignIn(context, viewer);
    const refused = await context.post(`${api}/api/admin/payments/${order.orderId}/refunds`, {
      data: { reason: 'requested_by_customer' },
      headers: { 'x-csrf-token': csrf, 'idempotency-key': `viewer-${order.orderId}` },
    });
    expect(refused.status()).toBe(403);
    await context.dispose();
  });
});
