// The shop and the admin in Chromium through the TLS proxy, each on its own hostname: a checkout with 3D Secure, a
// refund from the admin, and the session cookie kept to the admin's host. The fixtures fail a test on any
// Content-Security-Policy violation in any frame.
import { expect, test } from '../fixtures';
import { detail, money, refundForm } from '../admin/payment-page';
import { signIn } from '../admin/system';
import { challenge, fillCard, orderIdFrom, payButton, startCheckout } from '../storefront/shop';
import { admin, orderStatus, paidOrder, PROD_ADMIN, shop } from './topology';

test('a shopper pays with 3D Secure on the shop’s hostname; the order is paid by the webhook through the proxy', async ({
  page,
}) => {
  await startCheckout(page, 'Gooseneck Kettle');
  expect(new URL(page.url()).origin).toBe(shop);
  await fillCard(page, { number: '4000 0027 6000 3184' });
  await payButton(page).click();
  await challenge(page).getByRole('button', { name: 'Complete' }).click();
  await expect(page.getByRole('heading', { name: /Payment received/ })).toBeVisible();
  const orderId = await orderIdFrom(page);
  await expect.poll(() => orderStatus(orderId)).toBe('paid');
});

test.describe('the admin', () => {
  test.use({ baseURL: admin });

  test('refunds a payment on the admin’s hostname; its Secure session cookie never goes to the shop', async ({
    page,
    context,
  }) => {
    const order = await paidOrder();

    await signIn(page, PROD_ADMIN);
    await page.goto(`/payments/${order.orderId}`);
    await expect(detail(page, 'Refundable')).toHaveText(money(order.amount));
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await refundForm(page).getByLabel('Reason').selectOption('requested_by_customer');
    await page.getByRole('button', { name: 'Request refund' }).click();
    await expect(detail(page, 'Refunded')).toHaveText(money(order.amount));
    // Stripe's refund events came back through the proxy and the workers.
    await expect.poll(() => orderStatus(order.orderId)).toBe('refunded');

    const cookies = await context.cookies();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies)
      expect(cookie, cookie.name).toMatchObject({ secure: true, domain: 'admin.localhost' });
    expect(await context.cookies(shop)).toEqual([]);

    // The shop's pages, in the same browser, send no cookie at all; the admin API is not there even for them.
    const shopPage = await context.newPage();
    const productsRequest = shopPage.waitForRequest((r) => r.url() === `${shop}/api/products`);
    await shopPage.goto(shop);
    expect(await (await productsRequest).headerValue('cookie')).toBeNull();
    const adminApiOnShop = await shopPage.evaluate(async () => (await fetch('/api/admin/payments')).status);
    expect(adminApiOnShop).toBe(404);
  });
});
