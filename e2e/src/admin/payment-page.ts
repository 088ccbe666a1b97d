// The admin's payment page, as the suites read it (npm start's and the production topology's).
import type { Page } from '@playwright/test';

/** The refund form of the payment page. */
export const refundForm = (page: Page) => page.getByRole('region', { name: 'Refund this payment' });

/** The value shown for a term in one of the payment page's detail lists. */
export const detail = (page: Page, term: string) =>
  page
    .getByRole('region', { name: 'Amounts' })
    .locator('.details__row')
    .filter({ has: page.locator('dt').getByText(term, { exact: true }) })
    .locator('dd');

/** US dollars as the admin shows them. */
export function money(minor: number): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(minor / 100);
}
