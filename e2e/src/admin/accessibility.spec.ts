// WCAG 2.2 AA, checked by axe: every admin page a signed-in admin can open has no serious or critical violation.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '../fixtures';
import { createCustomer, createPaidOrder, signIn } from './system';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

test('every admin page passes WCAG 2.2 AA checks', async ({ page, request }) => {
  test.setTimeout(300_000);
  const order = await createPaidOrder(request);
  // The payments desk's pages with something on them: an authorisation, a review, a dispute.
  const authorized = await createPaidOrder(request, { captureMethod: 'manual' });
  await createPaidOrder(request, { paymentMethod: 'pm_card_riskLevelElevated' });
  const disputed = await createPaidOrder(request, { paymentMethod: 'pm_card_createDispute' });
  // A shopper's account with that order, for the customer page.
  const customer = await createCustomer({ email: order.email, claimOrders: true });
  await page.goto('/sign-in');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  const findings = async () =>
    (await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()).violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .flatMap((violation) =>
        violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')} — ${violation.help}`),
      );
  expect(await findings(), 'sign-in page').toEqual([]);

  await signIn(page);
  for (const path of [
    '/payments',
    `/payments/${order.orderId}`,
    '/approvals',
    `/payments/${authorized.orderId}`,
    '/authorizations',
    '/reviews',
    '/disputes',
    '/customers',
    `/customers/${customer.id}`,
    '/privacy',
    '/webhooks',
    '/audit',
    '/staff',
    '/catalog',
    '/account',
    '/nowhere',
  ]) {
    await page.goto(path);
    await expect(page.locator('h1')).toBeVisible();
    // Data-driven pages settle first (their loading states are checked by the unit tests).
    await expect(page.locator('[role="status"] .spinner, .page-status--loading')).toHaveCount(0, { timeout: 30_000 });
    expect(await findings(), `${path}`).toEqual([]);
  }

  // A dispute's evidence form (its dispute opens shortly after the charge).
  await expect(async () => {
    await page.goto(`/payments/${disputed.orderId}`);
    await page.getByRole('link', { name: 'Answer the dispute with evidence' }).click({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByRole('form', { name: 'Dispute evidence' })).toBeVisible();
  expect(await findings(), 'a dispute page').toEqual([]);

  // The privacy page's answers: an export's summary and download, and an erasure refused field by field.
  await page.goto('/privacy');
  const exporting = page.getByRole('region', { name: "Export a person's data" });
  await exporting.getByLabel('Email', { exact: true }).fill(customer.email);
  await exporting.getByRole('button', { name: 'Export data' }).click();
  await expect(exporting.getByRole('link', { name: /^Download personal-data-/ })).toBeVisible();
  const erasing = page.getByRole('region', { name: "Erase a person's data" });
  await erasing.getByLabel('Email', { exact: true }).fill(customer.email);
  await erasing.getByLabel('Email again').fill('someone-else@example.com');
  await erasing.getByRole('button', { name: 'Erase data' }).click();
  await expect(erasing.getByText('Email again must be the same email')).toBeVisible();
  expect(await findings(), '/privacy with results').toEqual([]);

  // The catalog's product forms, open: a new product's with its field errors (checked in the browser, nothing is
  // sent), and a product's edit (cancelled, so the catalog stays as seeded).
  await page.goto('/catalog');
  await page.getByRole('button', { name: 'New product' }).click();
  const creating = page.getByRole('region', { name: 'New product' });
  await expect(creating.getByLabel('Slug')).toBeFocused();
  expect(await findings(), '/catalog with the new product form').toEqual([]);
  await creating.getByLabel('Price in JPY').fill('12.5');
  await creating.getByRole('button', { name: 'Create product' }).click();
  await expect(creating.getByText('JPY has no decimals: enter a whole number')).toBeVisible();
  await expect(creating.getByText('Name is required')).toBeVisible();
  expect(await findings(), '/catalog with the new product form refused').toEqual([]);
  await creating.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Edit Ceramic Pour-Over Dripper' }).click();
  const editing = page.getByRole('region', { name: 'Edit Ceramic Pour-Over Dripper' });
  await expect(editing.getByLabel('Name')).toBeFocused();
  expect(await findings(), '/catalog with the edit form').toEqual([]);
  await editing.getByRole('button', { name: 'Cancel' }).click();
  await expect(editing).toHaveCount(0);
});
