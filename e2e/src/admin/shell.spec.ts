import { expect, test } from '../fixtures';
import { signIn } from './system';

test.describe('admin shell', () => {
  test('loads and lists the catalog with a price per currency', async ({ page }) => {
    await signIn(page);
    await page.goto('/');
    await expect(page.getByRole('navigation', { name: 'Admin sections' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Catalog' })).toBeVisible();
    // The 6 seeded products, and any the catalog suite added (it runs beside this one, and the admin lists
    // inactive products too).
    await expect(page.getByRole('heading', { name: /^\d+ products$/ })).toBeVisible();

    const table = page.getByRole('table', { name: 'Products and their prices per currency' });
    for (const seeded of [
      'Ceramic Pour-Over Dripper',
      'Single-Origin Beans, 250 g',
      'Gooseneck Kettle',
      'Linen Apron',
      'Tasting Notebook',
      'Hand Burr Grinder',
    ]) {
      await expect(table.getByRole('rowheader', { name: seeded })).toBeVisible();
    }
    const columns = table.getByRole('columnheader');
    // An admin edits products: the last column holds each row's Edit button.
    await expect(columns).toHaveText(['Product', 'USD', 'EUR', 'JPY', 'ID', 'Action']);
    const grinder = table.getByRole('row').filter({ hasText: 'Hand Burr Grinder' });
    await expect(grinder).toContainText('$129.00');
    await expect(grinder).toContainText('¥18,500');
    await expect(grinder).toContainText('€119.00');
  });

  test('answers an unknown page with a not-found page', async ({ page }) => {
    await signIn(page);
    await page.goto('/no-such-page');
    await expect(page.getByRole('heading', { level: 1 })).toContainText(/not found/i);
  });
});
