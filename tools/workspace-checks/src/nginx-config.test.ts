// The proxy's one nginx configuration (ops/nginx/nginx.conf.template), read as a tree of directives: the headers
// @storepay/web-security builds on every response of each hostname, each hostname forwarding only its own API
// routes, retries only where the API makes a retry safe, caching, and a render that nginx itself accepts. The
// production e2e suite (e2e/src/prod) then runs it.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminPolicy, HSTS, securityHeaders, storefrontPolicy, STRIPE_JS_URL } from '@storepay/web-security';
import { run, workspaceRoot } from './workspace';

interface Directive {
  name: string;
  args: string[];
  /** Present on a block (`server { … }`). */
  children?: Directive[];
}

/** The directives of a template as a tree (`${VAR}` placeholders are words, not braces). */
function parse(text: string): Directive[] {
  const tokens = text
    .replace(/#[^\n]*/g, '')
    .match(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[{};]|(?:\$\{[A-Z_]+\}|[^\s{};])+/g)!
    .map((token) => (/^["']/.test(token) ? token.slice(1, -1) : token));
  const root: Directive[] = [];
  const stack: Directive[][] = [root];
  let words: string[] = [];
  for (const token of tokens) {
    if (token === '{') {
      const block: Directive = { name: words[0]!, args: words.slice(1), children: [] };
      stack.at(-1)!.push(block);
      stack.push(block.children!);
      words = [];
    } else if (token === '}') {
      stack.pop();
    } else if (token === ';') {
      stack.at(-1)!.push({ name: words[0]!, args: words.slice(1) });
      words = [];
    } else words.push(token);
  }
  return root;
}

const TEMPLATE = 'ops/nginx/nginx.conf.template';
const config = parse(readFileSync(join(workspaceRoot, TEMPLATE), 'utf8'));
const http = config.find((d) => d.name === 'http')!.children!;
const server = (name: string) =>
  http.find((d) => d.name === 'server' && d.children!.some((c) => c.name === 'server_name' && c.args[0] === name))!
    .children!;
const shop = server('${SHOP_HOST}');
const admin = server('${ADMIN_HOST}');
const location = (block: Directive[], ...args: string[]) =>
  block.find((d) => d.name === 'location' && d.args.join(' ') === args.join(' '))?.children;
const values = (block: Directive[] | undefined, name: string) =>
  (block ?? []).filter((d) => d.name === name).map((d) => d.args);
/** Every location of a server with a proxy_pass, e.g. ['/api/', '= /webhooks/stripe', '@api_retry']. */
const proxied = (block: Directive[]) =>
  block
    .filter((d) => d.name === 'location' && d.children!.some((c) => c.name === 'proxy_pass'))
    .map((d) => d.args.join(' '));

/** A `map` of the http block as a record of its entries, e.g. {'~^/assets/': 'public, …', default: 'no-cache'}. */
const mapOf = (variable: string) =>
  Object.fromEntries(
    http.find((d) => d.name === 'map' && d.args[1] === variable)!.children!.map((d) => [d.name, d.args[0]]),
  );

/** A server's add_header lines as a record; each must be `always` (errors and 404s carry them too). */
function serverHeaders(block: Directive[]): Record<string, string> {
  const nested = block
    .filter((d) => d.children)
    .flatMap((d) => d.children!)
    .filter((d) => d.name === 'add_header');
  // An add_header inside a location would drop every server-level one there.
  expect(nested).toEqual([]);
  const lines = values(block, 'add_header');
  expect(lines.filter((args) => args[2] !== 'always').map((args) => args[0])).toEqual([]);
  return Object.fromEntries(lines.map((args) => [args[0]!, args[1]!]));
}

describe('the proxy’s nginx configuration', () => {
  it('shop: its headers on every response, with the policy for real Stripe the proxy image sets', () => {
    expect(serverHeaders(shop)).toEqual({
      ...securityHeaders('storefront', '${STOREFRONT_CSP}'),
      'Strict-Transport-Security': HSTS,
      'Cache-Control': '$storepay_cache_control',
    });
    const dockerfile = readFileSync(join(workspaceRoot, 'ops/nginx/Dockerfile'), 'utf8');
    const policy = /^ENV STOREFRONT_CSP="([^"]+)"$/m.exec(dockerfile)?.[1];
    expect(policy).toBe(storefrontPolicy({ stripeJsUrl: STRIPE_JS_URL }));
  });

  it('admin: its own-origin-only policy and the admin’s headers on every response', () => {
    expect(serverHeaders(admin)).toEqual({
      ...securityHeaders('admin', adminPolicy()),
      'Strict-Transport-Security': HSTS,
      'Cache-Control': '$storepay_cache_control',
    });
  });

  it('hides the API’s own copies of those headers, so each is sent once', () => {
    const hidden = values(http, 'proxy_hide_header').map((args) => args[0]);
    expect(hidden.sort()).toEqual(
      Object.keys(serverHeaders(shop))
        .filter((name) => name !== 'Cache-Control')
        .sort(),
    );
  });

  it('shop: forwards the shop’s API and Stripe’s webhooks, and answers /api/admin itself with a 404', () => {
    expect(proxied(shop).sort()).toEqual(['/api/', '= /webhooks/stripe', '@api_retry']);
    const adminApi = location(shop, '^~', '/api/admin')!;
    expect(values(adminApi, 'return')[0]?.[0]).toBe('404');
  });

  it('admin: forwards only the admin API; the rest of /api is a 404 there', () => {
    expect(proxied(admin).sort()).toEqual(['/api/admin/', '@api_retry']);
    expect(values(location(admin, '/api/'), 'return')[0]?.[0]).toBe('404');
  });

  it('sends a request to another API process only where that is safe', () => {
    // Reads, and the two writes whose Idempotency-Key the API honours (routes/checkout.ts, admin/refund-routes.ts).
    expect(mapOf('$storepay_retry')).toEqual({
      '~^(GET|HEAD):': 'retry',
      '~^POST:/api/checkout:.': 'retry',
      '~^POST:/api/admin/payments/[^/]+/refunds:.': 'retry',
      default: 'once',
    });
    // Every other request: the default (error, timeout) and never non_idempotent: a sent POST is not sent again.
    for (const block of [shop, admin]) {
      for (const path of proxied(block).filter((p) => p !== '@api_retry' && p !== '= /webhooks/stripe')) {
        const children = location(block, ...path.split(' '))!;
        expect(values(children, 'proxy_next_upstream'), path).toEqual([['error', 'timeout']]);
        expect(values(children, 'error_page'), path).toEqual([['418', '=', '@api_retry']]);
      }
      expect(values(location(block, '@api_retry'), 'proxy_next_upstream')).toEqual([
        ['error', 'timeout', 'http_502', 'http_503', 'http_504', 'non_idempotent'],
      ]);
    }
    // Stripe's webhooks are stored once by event id: always safe to send again.
    expect(values(location(shop, '=', '/webhooks/stripe'), 'proxy_next_upstream')[0]).toContain('non_idempotent');
  });

  it('keeps hashed assets a year and revalidates the app shell; the API and webhooks say their own', () => {
    expect(mapOf('$storepay_cache_control')).toEqual({
      '~^/assets/': 'public, max-age=31536000, immutable',
      '~^/api/': '',
      '/webhooks/stripe': '',
      default: 'no-cache',
    });
  });

  it('redirects plain HTTP to HTTPS, refuses TLS for unknown names, and health-checks the API processes', () => {
    const redirect = http.find((d) => d.name === 'server' && d.children!.some((c) => c.name === 'return'))!;
    expect(values(redirect.children, 'return')).toEqual([['301', 'https://$host${HTTPS_PORT_SUFFIX}$request_uri']]);
    const fallback = http.find(
      (d) => d.name === 'server' && d.children!.some((c) => c.name === 'ssl_reject_handshake'),
    )!;
    expect(values(fallback.children, 'listen')).toEqual([['${HTTPS_PORT}', 'ssl', 'default_server']]);
    // The API processes, kept alive: render.sh writes a `server` line with max_fails/fail_timeout for each (below).
    const template = readFileSync(join(workspaceRoot, TEMPLATE), 'utf8');
    expect(template).toMatch(/upstream storepay_api \{\s+\$\{API_SERVERS\}\s+keepalive \d+;/);
  });

  it('renders to a configuration nginx accepts, with every API process as a checked upstream', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'storepay-nginx-'));
    const certs = await run('sh', ['ops/nginx/tls-cert.sh', join(dir, 'tls'), 'shop.test', 'admin.test']);
    expect(certs.code, certs.stderr).toBe(0);
    const env = {
      API_UPSTREAMS: '127.0.0.1:3101 127.0.0.1:3102',
      SHOP_HOST: 'shop.test',
      ADMIN_HOST: 'admin.test',
      HTTPS_PORT: '443',
      HTTP_PORT: '80',
      TLS_CERT: join(dir, 'tls/cert.pem'),
      TLS_KEY: join(dir, 'tls/key.pem'),
      STOREFRONT_ROOT: join(workspaceRoot, 'apps/storefront/dist'),
      ADMIN_ROOT: join(workspaceRoot, 'apps/admin/dist'),
      STOREFRONT_CSP: storefrontPolicy({ stripeJsUrl: STRIPE_JS_URL }),
      NGINX_RUN_DIR: dir,
      NGINX_ACCESS_LOG: 'off',
    };
    const rendered = await run('sh', ['ops/nginx/render.sh'], { env });
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(rendered.stdout.replace(/#[^\n]*/g, '')).not.toMatch(/\$\{[A-Z_]+\}/);
    expect(rendered.stdout).toContain(
      'server 127.0.0.1:3101 max_fails=1 fail_timeout=3s; server 127.0.0.1:3102 max_fails=1 fail_timeout=3s;',
    );
    expect(rendered.stdout).toContain('return 301 https://$host$request_uri;');
    const file = join(dir, 'nginx.conf');
    writeFileSync(file, rendered.stdout);
    const checked = await run('/usr/sbin/nginx', ['-t', '-c', file, '-e', 'stderr']);
    expect(checked.stderr).toMatch(/test is successful/);

    const missing = await run('sh', ['ops/nginx/render.sh'], { env: { ...env, SHOP_HOST: '' } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/SHOP_HOST is required/);
  });
});
