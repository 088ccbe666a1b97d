import { expect, test } from '../fixtures';
import { signIn } from './system';

test.describe('admin security', () => {
  test('serves a policy of its own origin only, on the page and its scripts', async ({ page }) => {
    const response = await page.goto('/');
    const headers = response!.headers();
    const csp = headers['content-security-policy']!;
    expect(csp).toMatch(/^default-src 'self'; script-src 'self' 'nonce-[^']+'; style-src 'self' 'nonce-[^']+';/);
    expect(csp).toContain(`frame-ancestors 'none'`);
    expect(csp).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    expect(headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
    const script = await page.locator('script[src*="main"]').getAttribute('src');
    expect((await page.request.get(script!)).headers()['content-security-policy']).toBe(csp);
    await signIn(page);
    await expect(page.getByRole('navigation', { name: 'Admin sections' })).toBeVisible();
  });
});
