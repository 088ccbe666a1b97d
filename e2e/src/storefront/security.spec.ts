import { expect, test } from '../fixtures';
import { ports } from '../../ports';

const stripe = `http://127.0.0.1:${ports.stripe}`;

test.describe('storefront security', () => {
  test('serves its policy on the page and on every script: its own files and the emulator’s Stripe.js only', async ({
    page,
  }) => {
    const response = await page.goto('/');
    const csp = response!.headers()['content-security-policy']!;
    expect(csp).toContain(`script-src 'self'`);
    expect(csp).toContain(`frame-src ${stripe}`);
    expect(csp).toContain(`frame-ancestors 'none'`);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('js.stripe.com'); // the emulator, not Stripe, in demo mode
    expect(response!.headers()).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
    });
    // The same headers on the scripts the page loads.
    const script = await page.locator('script[src*="main"]').getAttribute('src');
    const asset = await page.request.get(script!);
    expect(asset.headers()['content-security-policy']).toBe(csp);
    expect(asset.headers()['x-content-type-options']).toBe('nosniff');
  });

  test('blocks an injected inline script and a foreign frame, and reports both', async ({ page, cspViolations }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Catalog' })).toBeVisible();
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
      const frame = document.createElement('iframe');
      frame.src = 'http://127.0.0.1:9/evil';
      document.body.append(frame);
    });
    await expect.poll(() => cspViolations.map((v) => v.directive).sort()).toEqual(['frame-src', 'script-src-elem']);
    expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined();
    cspViolations.length = 0; // provoked on purpose
  });

  test('does not serve the admin API on the shop’s origin', async ({ request }) => {
    for (const path of ['/api/admin/session', '/api/admin', '/api/admin/payments?q=a']) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(404);
    }
    const signIn = await request.post('/api/admin/session', {
      data: { email: 'admin@storepay.local', password: 'storepay-demo-admin' },
    });
    expect(signIn.status()).toBe(404);
    expect(signIn.headers()['set-cookie']).toBeUndefined();
    expect((await request.get('/api/products')).status()).toBe(200);
  });
});
