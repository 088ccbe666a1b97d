import { expect, test } from '../fixtures';

test.describe('storefront catalog', () => {
  test('shows the seeded catalog from the API, priced per currency', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Catalog' })).toBeVisible();

    const products = page.getByRole('list', { name: /products priced in/i });
    const dripper = products.getByRole('article').filter({ hasText: 'Ceramic Pour-Over Dripper' });
    await expect(dripper).toContainText('$34.00');
    // Every seeded product is there (the admin's catalog suite may add one of its own meanwhile).
    for (const name of [
      'Ceramic Pour-Over Dripper',
      'Single-Origin Beans, 250 g',
      'Gooseneck Kettle',
      'Linen Apron',
      'Tasting Notebook',
      'Hand Burr Grinder',
    ]) {
      await expect(products.getByRole('article').filter({ hasText: name })).toHaveCount(1);
    }

    await page.getByRole('combobox', { name: 'Currency' }).selectOption('jpy');
    await expect(dripper).toContainText('¥4,800');
    await expect(products.getByRole('article').filter({ hasText: 'Hand Burr Grinder' })).toContainText('¥18,500');

    // The choice survives a reload.
    await page.reload();
    await expect(page.getByRole('combobox', { name: 'Currency' })).toHaveValue('jpy');
    await expect(dripper).toContainText('¥4,800');
  });

  test('answers an unknown page with a not-found page', async ({ page }) => {
    await page.goto('/no-such-page');
    await expect(page.getByRole('heading', { level: 1 })).toContainText(/not found/i);
  });
});
