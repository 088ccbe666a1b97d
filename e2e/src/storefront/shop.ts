// The shopper's steps in the storefront, shared by the suites that run it (npm start's and the production topology's).
import type { Page } from '@playwright/test';
import { expect } from '../fixtures';
import { emailsTo } from '../mail';

export interface Card {
  number: string;
  expiry?: string;
  cvc?: string;
  zip?: string;
}

/** Puts one product in the cart in `currency` and goes to the checkout page. */
export async function startCheckout(
  page: Page,
  product: string,
  currency: 'usd' | 'eur' | 'jpy' = 'usd',
  email = 'shopper@example.com',
) {
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Currency' }).selectOption(currency);
  await page.getByRole('button', { name: `Add to cart: ${product}` }).click();
  await expect(page.getByRole('link', { name: /Cart \(1\)/ })).toBeVisible();
  await page.goto('/checkout');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue to payment' }).click();
}

export async function fillCard(page: Page, card: Card) {
  const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
  await frame.getByLabel('Card number').fill(card.number);
  await frame.getByLabel('Expiration date').fill(card.expiry ?? '12 / 34');
  await frame.getByLabel('Security code').fill(card.cvc ?? '123');
  await frame.getByLabel('ZIP code').fill(card.zip ?? '94107');
}

export const payButton = (page: Page) => page.getByRole('button', { name: /^Pay / });
export const challenge = (page: Page) => page.frameLocator('iframe[title="3D Secure authentication"]');

export async function orderIdFrom(page: Page): Promise<string> {
  await page.waitForURL(/\/orders\/[0-9a-f-]{36}/);
  return page.url().match(/\/orders\/([0-9a-f-]{36})/)![1]!;
}

/** Signs in as `email` by the link the shop emails (read from the mail catcher), as a shopper would. */
export async function signInByLink(page: Page, email: string, count: number) {
  await page.goto('/account/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByText(`if ${email} can receive email`)).toBeVisible();
  const links = await expect
    .poll(async () => (await emailsTo(email)).filter((message) => /sign-in link/.test(message.subject)).length)
    .toBe(count)
    .then(async () => (await emailsTo(email)).filter((message) => /sign-in link/.test(message.subject)));
  const sent = new URL(/(http\S+\/account\/sign-in#token=[\w%-]+)/.exec(links.at(-1)!.text)![1]!);
  await page.goto(`${sent.pathname}${sent.hash}`);
  await expect(page.getByText(`Signed in as ${email}.`)).toBeVisible();
}
