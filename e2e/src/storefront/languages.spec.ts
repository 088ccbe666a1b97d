import { randomUUID } from 'node:crypto';
import { expect, test } from '../fixtures';
import { waitForEmail } from '../mail';
import { catalog, fill } from './catalogs';
import { orderIdFrom } from './shop';

const de = catalog('de');

test.describe('a German shopper', () => {
  // The browser's language is German: the shop, the Payment Element and the emails follow it.
  test.use({ locale: 'de-DE' });

  test('checks out in German and gets the confirmation email in German', async ({ page }) => {
    const email = `kundin-${randomUUID().slice(0, 8)}@example.com`;
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: de('catalog', 'title') })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await page.getByRole('combobox', { name: de('currencySwitcher', 'label') }).selectOption('eur');
    await page.getByRole('button', { name: fill(de('addToCart', 'add'), { product: 'Linen Apron' }) }).click();
    await page.getByRole('link', { name: fill(de('cartLink', 'label'), { count: '1' }) }).click();
    await expect(page.getByRole('heading', { level: 1, name: de('cart', 'title') })).toBeVisible();
    await page.getByRole('link', { name: de('cart', 'checkOut') }).click();
    await page.getByLabel(de('checkout', 'email')).fill(email);
    await page.getByRole('button', { name: de('checkout', 'continueToPayment') }).click();

    // The Payment Element speaks German too (the locale the shop gave it).
    const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
    await frame.getByLabel('Kartennummer').fill('4242 4242 4242 4241');
    await expect(frame.getByText('Ihre Kartennummer ist ungültig.')).toBeVisible();
    await frame.getByLabel('Kartennummer').fill('4242 4242 4242 4242');
    await frame.getByLabel('Ablaufdatum').fill('12 / 34');
    await frame.getByLabel('Sicherheitscode').fill('123');
    await frame.getByLabel('Postleitzahl').fill('94107');
    const pay = page.getByRole('button', { name: fill(de('payment', 'pay'), { amount: '49,00\u00a0€' }) });
    await expect(pay).toBeVisible();
    await pay.click();
    await expect(page.getByRole('heading', { level: 1, name: de('orderStatus', 'paidHeadline') })).toBeVisible();
    const paidAt = Date.now();
    const orderId = await orderIdFrom(page);

    // The order was placed in German, so its confirmation is written in German.
    const confirmation = await waitForEmail(email, /bestätigt/);
    // A figure, not a test: on a busy machine a worker's poll or a retried send can take longer.
    console.log(`confirmation email: in the mail catcher ${Date.now() - paidAt} ms after the order page said paid`);
    expect(confirmation.subject).toBe(`Ihre Bestellung ${orderId.slice(0, 8).toUpperCase()} ist bestätigt`);
    expect(confirmation.text).toContain('Vielen Dank für Ihre Bestellung');
    expect(confirmation.text).toContain('49,00');
  });
});

test('a shopper switches to French in the header, and the shop stays French after a reload', async ({ page }) => {
  const fr = catalog('fr');
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
  await expect(page.getByRole('heading', { level: 1, name: fr('catalog', 'title') })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: fr('catalog', 'title') })).toBeVisible();
  await expect(page.getByRole('combobox', { name: fr('languageSwitcher', 'label') })).toHaveValue('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
});
