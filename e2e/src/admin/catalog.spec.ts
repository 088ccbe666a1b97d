import { randomUUID } from 'node:crypto';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { api, signIn } from './system';

interface ShopProduct {
  slug: string;
  prices: { currency: string; unitAmount: number }[];
}

/** The product as the shop's GET /api/products lists it (only active products), or undefined. */
async function inShop(request: APIRequestContext, slug: string): Promise<ShopProduct | undefined> {
  const response = await request.get(`${api}/api/products`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { products: ShopProduct[] }).products.find((product) => product.slug === slug);
}

/** Its prices by currency, e.g. `{ jpy: 3600, usd: 2450 }`. */
const pricesOf = (product: ShopProduct | undefined) =>
  Object.fromEntries((product?.prices ?? []).map((price) => [price.currency, price.unitAmount]));

const catalogRow = (page: Page, name: string) =>
  page
    .getByRole('table', { name: 'Products and their prices per currency' })
    .getByRole('row')
    .filter({ hasText: name });

test.describe('admin catalog', () => {
  test('an admin creates a product priced in USD and JPY, the shop lists it, then a new USD price, then not at all', async ({
    page,
    request,
  }) => {
    const tag = randomUUID().slice(0, 8);
    const slug = `e2e-tray-${tag}`;
    // Named to sort after the seeded catalog, so the suites that take the shop's first product never take this one.
    const name = `Zelkova tray ${tag}`;
    await signIn(page);
    await page.goto('/catalog');
    await expect(page.getByRole('heading', { level: 1, name: 'Catalog' })).toBeVisible();

    await page.getByRole('button', { name: 'New product' }).click();
    const creating = page.getByRole('region', { name: 'New product' });
    await creating.getByLabel('Slug').fill(slug);
    await creating.getByLabel('Name').fill(name);
    await creating.getByLabel('Description').fill('A serving tray in zelkova wood, made by the e2e suite.');
    await creating.getByLabel('Price in USD').fill('24.50');
    await creating.getByLabel('Price in JPY').fill('3600');
    await creating.getByRole('button', { name: 'Create product' }).click();

    await expect(page.getByRole('status').filter({ hasText: `${name} was added to the catalog` })).toBeVisible();
    await expect(creating).toHaveCount(0);
    const row = catalogRow(page, name);
    await expect(row).toContainText('$24.50');
    await expect(row).toContainText('¥3,600');
    await expect(row).not.toContainText('Inactive');
    expect(pricesOf(await inShop(request, slug))).toEqual({ usd: 2450, jpy: 3600 });

    // A new USD price; the JPY one stays.
    await page.getByRole('button', { name: `Edit ${name}` }).click();
    const editing = page.getByRole('region', { name: `Edit ${name}` });
    await expect(editing.getByLabel('Price in USD')).toHaveValue('24.50');
    await expect(editing.getByLabel('Price in JPY')).toHaveValue('3600');
    await expect(editing.getByText('Orders already placed keep the price they were placed at')).toBeVisible();
    await editing.getByLabel('Price in USD').fill('26.00');
    await editing.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('status').filter({ hasText: `${name} was saved` })).toBeVisible();
    await expect(row).toContainText('$26.00');
    await expect(row).toContainText('¥3,600');
    expect(pricesOf(await inShop(request, slug))).toEqual({ usd: 2600, jpy: 3600 });

    // Deactivated: still in the admin's list, marked, and gone from the shop's.
    await page.getByRole('button', { name: `Edit ${name}` }).click();
    await editing.getByLabel('Active (sold in the shop)').uncheck();
    await editing.getByRole('button', { name: 'Save changes' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'it is inactive, so the shop does not sell it' }),
    ).toBeVisible();
    await expect(row.getByRole('rowheader')).toContainText('Inactive');
    expect(await inShop(request, slug)).toBeUndefined();

    // A second product with the same slug is refused on the slug field, and nothing is added.
    await page.getByRole('button', { name: 'New product' }).click();
    await creating.getByLabel('Slug').fill(slug);
    await creating.getByLabel('Name').fill(`${name} again`);
    await creating.getByLabel('Description').fill('Same slug.');
    await creating.getByLabel('Price in USD').fill('1');
    await creating.getByRole('button', { name: 'Create product' }).click();
    await expect(creating.getByText('Slug is taken')).toBeVisible();
    await expect(creating.getByLabel('Slug')).toHaveAttribute('aria-invalid', 'true');
    await creating.getByRole('button', { name: 'Cancel' }).click();
    await expect(catalogRow(page, `${name} again`)).toHaveCount(0);
  });
});
