import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ADMIN_API,
  adminPolicy,
  securityHeaders,
  securityHeadersPlugin,
  storefrontPolicy,
  storefrontProxy,
  stripeJsUrlFromApi,
  stripeSources,
  STRIPE_JS_URL,
} from './index.js';

/** The directives of a policy as a record of source lists. */
const directives = (policy: string) =>
  Object.fromEntries(
    policy.split('; ').map((directive) => {
      const [name, ...sources] = directive.split(' ');
      return [name!, sources];
    }),
  );

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done)))));

/** A stand-in API answering /api/config with this body (counting the calls). */
async function fakeApi(answer: () => { status: number; body: unknown }) {
  const calls = { count: 0 };
  const server = createServer((_request, response) => {
    calls.count += 1;
    const { status, body } = answer();
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  servers.push(server);
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return { target: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}

describe('policies', () => {
  it('allows real Stripe’s hosts for js.stripe.com, and nothing inline', () => {
    const policy = directives(storefrontPolicy({ stripeJsUrl: STRIPE_JS_URL }));
    expect(policy).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'", 'https://js.stripe.com', 'https://*.js.stripe.com'],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'", 'https://api.stripe.com'],
      'frame-src': ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    });
  });

  it('allows only the emulator’s origin when Stripe.js comes from it, and no Stripe when it is unknown', () => {
    const emulator = directives(storefrontPolicy({ stripeJsUrl: 'http://127.0.0.1:12111/js.stripe.com/v3/' }));
    for (const name of ['script-src', 'connect-src'])
      expect(emulator[name]).toEqual(["'self'", 'http://127.0.0.1:12111']);
    expect(emulator['frame-src']).toEqual(['http://127.0.0.1:12111']);
    expect(JSON.stringify(emulator)).not.toContain('stripe.com');
    // A look-alike host is not Stripe.
    expect(stripeSources('http://js.stripe.com/v3/').script).toEqual(['http://js.stripe.com']);
    const unknown = directives(storefrontPolicy({ stripeJsUrl: null }));
    expect(unknown['script-src']).toEqual(["'self'"]);
    expect(unknown['frame-src']).toEqual(["'none'"]);
  });

  it('gives the dev server its nonce and HMR socket, and the admin its own origin only', () => {
    const dev = { nonce: 'abc', hmrOrigin: 'ws://127.0.0.1:4300' };
    const admin = directives(adminPolicy({ dev }));
    expect(admin['script-src']).toEqual(["'self'", "'nonce-abc'"]);
    expect(admin['connect-src']).toEqual(["'self'", 'ws://127.0.0.1:4300']);
    expect(directives(adminPolicy())).toMatchObject({ 'default-src': ["'self'"], 'script-src': ["'self'"] });
    expect(adminPolicy()).not.toMatch(/https?:|unsafe/);
  });

  it('sends nosniff, no framing, and a referrer policy per app', () => {
    expect(securityHeaders('storefront', 'p')).toMatchObject({
      'Content-Security-Policy': 'p',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'X-Frame-Options': 'DENY',
    });
    expect(securityHeaders('admin', 'p')['Referrer-Policy']).toBe('no-referrer');
  });
});

describe('the storefront’s proxy', () => {
  it('forwards the public API and never the admin’s', () => {
    const [apiKey] = Object.keys(storefrontProxy('http://api'));
    const forwarded = new RegExp(apiKey!);
    for (const path of ['/api/products', '/api/checkout', '/api/orders/1', '/api/config']) {
      expect(forwarded.test(path), path).toBe(true);
      expect(ADMIN_API.test(path), path).toBe(false);
    }
    for (const path of ['/api/admin', '/api/admin/', '/api/admin/session', '/api/admin?x=1']) {
      expect(forwarded.test(path), path).toBe(false);
      expect(ADMIN_API.test(path), path).toBe(true);
    }
  });
});

describe('the Stripe.js URL the API hands out', () => {
  it('is read once the API answers, and asked again until then', async () => {
    let up = false;
    const api = await fakeApi(() =>
      up
        ? { status: 200, body: { stripeJsUrl: 'http://127.0.0.1:12111/js.stripe.com/v3/' } }
        : { status: 503, body: {} },
    );
    const read = stripeJsUrlFromApi(api.target);
    expect(await read()).toBeNull();
    up = true;
    expect(await read()).toBe('http://127.0.0.1:12111/js.stripe.com/v3/');
    expect(await read()).toBe('http://127.0.0.1:12111/js.stripe.com/v3/');
    expect(api.calls.count).toBe(2);
    expect(await stripeJsUrlFromApi('http://127.0.0.1:9')()).toBeNull(); // nothing listening
  });
});

describe('the Vite plugin', () => {
  type Middleware = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

  /** Runs the plugin's dev (or preview) middleware on one request; answers the headers and whether it went on. */
  async function serve(plugin: ReturnType<typeof securityHeadersPlugin>, url: string, preview = false) {
    const config = plugin.config as (config: object, env: object) => { html?: { cspNonce?: string } };
    const html = config({}, { command: 'serve', isPreview: preview, mode: 'development' }).html;
    let middleware: Middleware | undefined;
    const server = { middlewares: { use: (fn: Middleware) => (middleware = fn) } };
    const hook = (preview ? plugin.configurePreviewServer : plugin.configureServer) as (server: object) => void;
    hook(server);
    const headers: Record<string, string> = {};
    const response = {
      statusCode: 200,
      body: '',
      setHeader: (name: string, value: string) => (headers[name] = value),
      end(body: string) {
        this.body = body;
      },
    };
    const wentOn = await new Promise<boolean>((done) => {
      middleware!({ url } as IncomingMessage, response as unknown as ServerResponse, () => done(true));
      if (response.body) done(false);
    });
    return { headers, wentOn, status: response.statusCode, body: response.body, nonce: html?.cspNonce };
  }

  it('answers the admin API with a 404 on the storefront, and heads everything else with the policy', async () => {
    const api = await fakeApi(() => ({ status: 200, body: { stripeJsUrl: STRIPE_JS_URL } }));
    const plugin = securityHeadersPlugin({ app: 'storefront', apiTarget: api.target, host: '127.0.0.1', port: 4200 });
    const admin = await serve(plugin, '/api/admin/session');
    expect(admin).toMatchObject({ wentOn: false, status: 404 });
    expect(JSON.parse(admin.body)).toEqual({ error: { code: 'not_found', message: 'Not found' } });
    const page = await serve(plugin, '/assets/index.js');
    expect(page.wentOn).toBe(true);
    expect(page.headers['Content-Security-Policy']).toBe(
      storefrontPolicy({ stripeJsUrl: STRIPE_JS_URL, dev: { nonce: page.nonce!, hmrOrigin: 'ws://127.0.0.1:4200' } }),
    );
    expect(page.nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
    // Preview serves a build: no nonce, no HMR.
    const preview = await serve(plugin, '/', true);
    expect(preview.nonce).toBeUndefined();
    expect(preview.headers['Content-Security-Policy']).toBe(storefrontPolicy({ stripeJsUrl: STRIPE_JS_URL }));
  });

  it('heads the admin with its own policy and lets its API through', async () => {
    const plugin = securityHeadersPlugin({
      app: 'admin',
      apiTarget: 'http://127.0.0.1:9',
      host: '127.0.0.1',
      port: 4300,
    });
    const served = await serve(plugin, '/api/admin/session', true);
    expect(served.wentOn).toBe(true);
    expect(served.headers).toEqual(securityHeaders('admin', adminPolicy()));
  });
});
