import { randomUUID } from 'node:crypto';
import { expect, test } from '../fixtures';
import { waitForEmail } from '../mail';

test('a shopper signs in by the link emailed to them, once, and out again', async ({ page }) => {
  const email = `shopper-${randomUUID().slice(0, 8)}@example.com`;
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByText(`if ${email} can receive email`)).toBeVisible();

  const message = await waitForEmail(email, /sign-in link/);
  const sentLink = new URL(/(http\S+\/account\/sign-in#token=[\w%-]+)/.exec(message.text)![1]!);
  // The demo's emails link to http://localhost:<port>; the suite browses 127.0.0.1, the same shop.
  const link = `${sentLink.pathname}${sentLink.hash}`;
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await expect(page.getByText(`Signed in as ${email}.`)).toBeVisible();
  await expect(page).toHaveURL(/\/account$/);
  // The shop's own cookie: httpOnly, Strict, never readable by the page.
  const cookies = await page.context().cookies();
  expect(cookies.find((cookie) => cookie.name.includes('storepay_shop'))).toMatchObject({
    httpOnly: true,
    sameSite: 'Strict',
  });

  // The same link does not work twice.
  await page.goto(link);
  await expect(page.getByRole('alert')).toContainText('used already or has expired');

  await page.goto('/account');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
});
