// The TLS proxy as a client meets it: a certificate for each hostname from the topology's CA, plain HTTP redirected,
// HSTS and the security headers, compression, cache lifetimes, and each hostname serving only its own API.
import { connect } from 'node:tls';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../fixtures';
import { admin, call, plainHttp, processes, PROD, shop } from './topology';

test.describe('the TLS proxy', () => {
  test('presents a certificate the topology’s CA vouches for, and refuses other names', async () => {
    const ca = readFileSync(join(PROD.dataDir, 'tls/ca.pem'));
    const handshake = (servername: string) =>
      new Promise<{ authorized: boolean; error?: string; names?: string }>((resolve) => {
        const socket = connect({ host: '127.0.0.1', port: PROD.httpsPort, servername, ca }, () => {
          resolve({ authorized: socket.authorized, names: socket.getPeerCertificate().subjectaltname });
          socket.end();
        });
        socket.on('error', (error) => resolve({ authorized: false, error: error.message }));
      });
    expect(await handshake('shop.localhost')).toMatchObject({
      authorized: true,
      names: 'DNS:shop.localhost, DNS:admin.localhost',
    });
    expect(await handshake('admin.localhost')).toMatchObject({ authorized: true });
    const other = await handshake('other.localhost');
    expect(other.authorized).toBe(false);
    expect(other.error).toMatch(/alert|unrecognized name/i);
  });

  test('redirects plain HTTP to HTTPS on the same host and path', async () => {
    const answer = await plainHttp('shop.localhost', '/orders/x?y=1');
    expect(answer.status).toBe(301);
    expect(answer.location).toBe(`${shop}/orders/x?y=1`);
  });

  test('serves hashed assets compressed for a year and the app shell revalidated, with HSTS', async () => {
    for (const origin of [shop, admin]) {
      const page = await call(`${origin}/`);
      expect(page.status).toBe(200);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)![1]!;
      for (const encoding of ['br', 'gzip']) {
        const asset = await call(`${origin}${script}`, { headers: { 'accept-encoding': encoding } });
        expect(asset.status).toBe(200);
        expect(asset.headers['content-encoding']).toBe(encoding);
        expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(asset.headers['content-security-policy']).toBeTruthy();
      }
    }
  });

  test('every API and worker process serves its metrics on its own port, never through the proxy', async () => {
    const members = Object.entries(processes().processes).filter(([name]) => /^(api|worker)-\d$/.test(name));
    expect(members).toHaveLength(4);
    for (const [name, info] of members) {
      const scrape = await fetch(`http://127.0.0.1:${info.metricsPort}/metrics`);
      expect(scrape.status, name).toBe(200);
      expect(await scrape.text(), name).toMatch(/^storepay_webhook_backlog_events \d+$/m);
    }
    for (const origin of [shop, admin]) {
      expect((await call(`${origin}/metrics`)).body).not.toContain('storepay_');
    }
  });

  test('each hostname forwards only its own API; the security headers are sent once', async () => {
    const products = await call(`${shop}/api/products`);
    expect(products.status).toBe(200);
    expect(products.headers['content-security-policy']).toMatch(/^default-src 'self'; script-src 'self' http/);
    expect(products.headers['x-frame-options']).toBe('DENY');
    // The admin API is not on the shop's origin, whatever the method or path below it.
    for (const path of ['/api/admin/payments', '/api/admin/session', '/api/admin', '/api/admin/../admin/audit']) {
      const answer = await call(`${shop}${path}`);
      expect(answer.status, path).toBe(404);
    }
    const signIn = await call(`${shop}/api/admin/session`, { method: 'POST', body: { email: 'a@b.c', password: 'x' } });
    expect(signIn.status).toBe(404);
    // The shop's API and the webhook receiver are not on the admin's origin.
    expect((await call(`${admin}/api/products`)).status).toBe(404);
    // nginx's own answer to a POST for a static path; the API would have said 400 (no signature).
    expect((await call(`${admin}/webhooks/stripe`, { method: 'POST', body: '{}' })).status).toBe(405);
    expect((await call(`${admin}/api/admin/session`)).status).toBe(401);
  });
});
