// WCAG 2.2 AA, checked by axe in a real browser: every storefront page in each of the shop's languages has no
// serious or critical violation, and a checkout works with the keyboard alone.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { ports } from '../../ports';
import { catalog } from './catalogs';
import { fillCard, orderIdFrom, payButton, signInByLink, startCheckout } from './shop';

const api = `http://127.0.0.1:${ports.api}`;
const LOCALES = ['en', 'de', 'fr', 'ja'] as const;
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe's serious and critical findings on the page as it is now (frames included), as readable lines. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map(
        (node) => `${violation.id} (${violation.impact}): ${node.target.join(' ')} — ${violation.help}`,
      ),
    );
}

/** A paid order's page: checkout through the API and the card confirmed at the emulator. */
async function paidOrderPath(page: Page): Promise<string> {
  await startCheckout(page, 'Tasting Notebook');
  await fillCard(page, { number: '4242 4242 4242 4242' });
  await payButton(page).click();
  return `/orders/${await orderIdFrom(page)}`;
}

for (const code of LOCALES) {
  test(`every storefront page passes WCAG 2.2 AA checks in ${code}`, async ({ page, context }) => {
    test.setTimeout(240_000);
    // An English checkout first (the helpers speak English); then the shop is shown in this language.
    const orderPath = await paidOrderPath(page);
    // Signed in, for the account's own page (its orders, cards, and "your data").
    await signInByLink(page, `a11y-${code}-${Date.now()}@example.com`, 1);
    await context.addInitScript((locale) => window.localStorage.setItem('storepay.storefront.locale', locale), code);
    const { products } = (await (await fetch(`${api}/api/products`)).json()) as { products: { slug: string }[] };
    const heading = code === 'en' ? 'Catalog' : catalog(code)('catalog', 'title');

    const pages: { name: string; path: string; ready: (page: Page) => Promise<void> }[] = [
      {
        name: 'catalog',
        path: '/',
        ready: (p) => expect(p.getByRole('heading', { level: 1, name: heading })).toBeVisible(),
      },
      { name: 'product', path: `/products/${products[0]!.slug}`, ready: (p) => expect(p.locator('h1')).toBeVisible() },
      { name: 'cart', path: '/cart', ready: (p) => expect(p.locator('.cart-layout')).toBeVisible() },
      { name: 'order', path: orderPath, ready: (p) => expect(p.locator('.order-status--success')).toBeVisible() },
      { name: 'not found', path: '/no-such-page', ready: (p) => expect(p.locator('h1')).toBeVisible() },
      {
        name: 'sign-in',
        path: '/account/sign-in',
        ready: (p) => expect(p.locator('input[type="email"]')).toBeVisible(),
      },
      { name: 'account', path: '/account', ready: (p) => expect(p.locator('form.privacy-delete')).toBeVisible() },
      { name: 'account deleted', path: '/account/deleted', ready: (p) => expect(p.locator('h1')).toBeVisible() },
    ];
    await page.goto('/');
    await page.locator('.add-to-cart__button').first().click();
    for (const { name, path, ready } of pages) {
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('lang', code);
      await ready(page);
      expect(await violations(page), `${name} page (${code})`).toEqual([]);
    }

    // The checkout: the details step, then the payment step with the Payment Element's frame.
    await page.goto('/checkout');
    const email = page.locator('input[type="email"]');
    await email.fill('a11y@example.com');
    expect(await violations(page), `checkout details (${code})`).toEqual([]);
    await page.locator('form.checkout-form button[type="submit"]').click();
    await expect(
      page.frameLocator('iframe[title="Secure payment input frame"]').locator('input:visible').first(),
    ).toBeVisible();
    await expect(page.locator('.button--pay')).toBeEnabled();
    expect(await violations(page), `checkout payment (${code})`).toEqual([]);
  });
}

test('the SEPA Debit form passes WCAG 2.2 AA checks, with its errors shown', async ({ page }) => {
  await startCheckout(page, 'Tasting Notebook', 'eur', 'a11y-sepa@example.com');
  const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
  await frame.getByRole('tab', { name: 'SEPA Debit' }).click();
  await expect(frame.getByLabel('IBAN')).toBeVisible();
  await payButton(page).click();
  await expect(frame.getByText('Your IBAN is incomplete.')).toBeVisible();
  // The first field to fix has the focus (the email is the receipt's, already there).
  await expect(frame.getByLabel('Full name')).toBeFocused();
  expect(await violations(page), 'checkout payment, SEPA Debit').toEqual([]);
});

test('a shopper pays with the keyboard alone', async ({ page }) => {
  await page.goto('/');
  const add = page.getByRole('button', { name: 'Add to cart: Linen Apron' });
  await add.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('link', { name: 'Cart (1)' })).toBeVisible();

  // From the top of the page: the skip link, the brand, the catalog, the cart.
  await page.goto('/');
  await tabUntil(page, page.getByRole('link', { name: 'Cart (1)' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Your cart' })).toBeVisible();
  await tabUntil(page, page.getByRole('link', { name: 'Check out' }));
  await page.keyboard.press('Enter');
  await tabUntil(page, page.getByLabel('Email'));
  await page.keyboard.type('keys@example.com');
  await page.keyboard.press('Enter');

  // Into the Payment Element's frame, field by field, then on to the Pay button.
  const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
  await expect(frame.getByLabel('Card number')).toBeVisible();
  await expect(payButton(page)).toBeEnabled();
  // A complete field moves the focus on by itself, as Stripe's does; Tab gets there otherwise.
  await tabUntil(page, frame.getByLabel('Card number'));
  await page.keyboard.type('4242424242424242');
  await tabUntil(page, frame.getByLabel('Expiration date'));
  await page.keyboard.type('1234');
  await tabUntil(page, frame.getByLabel('Security code'));
  await page.keyboard.type('123');
  await tabUntil(page, frame.getByLabel('ZIP code'));
  await page.keyboard.type('94107');
  await tabUntil(page, payButton(page));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible();
});

/** Presses Tab until `target` has the focus (at most 40 times), as a keyboard user would. */
async function tabUntil(page: Page, target: ReturnType<Page['locator']>) {
  for (let i = 0; i < 40; i++) {
    const focused = await target
      .evaluate((element) => element.ownerDocument.hasFocus() && element === element.ownerDocument.activeElement)
      .catch(() => false);
    if (focused) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}
