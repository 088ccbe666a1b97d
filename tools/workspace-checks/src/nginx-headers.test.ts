// The nginx templates the Docker images ship serve the headers @storepay/web-security builds (the ones the dev and
// preview servers serve, which the e2e suites check in a browser), and keep the admin API off the shop's origin.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminPolicy, HSTS, securityHeaders, storefrontPolicy, STRIPE_JS_URL } from '@storepay/web-security';
import { workspaceRoot } from './workspace';

interface Directive {
  /** The enclosing blocks, outermost first, e.g. ['server', 'location /api/']. */
  blocks: string[];
  name: string;
  args: string[];
}

/** The directives of a template with the blocks they sit in (`${VAR}` placeholders are words, not braces). */
function directives(text: string): Directive[] {
  const tokens = text
    .replace(/#[^\n]*/g, '')
    .match(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[{};]|(?:\$\{[A-Z_]+\}|[^\s{};])+/g)!
    .map((token) => (/^["']/.test(token) ? token.slice(1, -1) : token));
  const found: Directive[] = [];
  const blocks: string[] = [];
  let words: string[] = [];
  for (const token of tokens) {
    if (token === '{') {
      blocks.push(words.join(' '));
      words = [];
    } else if (token === '}') {
      blocks.pop();
    } else if (token === ';') {
      found.push({ blocks: [...blocks], name: words[0]!, args: words.slice(1) });
      words = [];
    } else words.push(token);
  }
  return found;
}

const template = (app: string) =>
  directives(readFileSync(join(workspaceRoot, `apps/${app}/nginx.conf.template`), 'utf8'));

/** The server-level add_header lines as a record; each must be `always` (errors and 404s carry them too). */
function serverHeaders(config: Directive[]): Record<string, string> {
  const lines = config.filter((d) => d.name === 'add_header');
  // An add_header inside a location would drop every server-level one there.
  expect(lines.filter((d) => d.blocks.length !== 1).map((d) => d.blocks.join(' > '))).toEqual([]);
  expect(lines.filter((d) => d.args[2] !== 'always').map((d) => d.args[0])).toEqual([]);
  return Object.fromEntries(lines.map((d) => [d.args[0]!, d.args[1]!]));
}

/** Every security header is hidden from the API's answers, so each is sent once. */
function expectApiCopiesHidden(config: Directive[], headers: Record<string, string>) {
  const hidden = config
    .filter((d) => d.name === 'proxy_hide_header' && d.blocks.at(-1) === 'location /api/')
    .map((d) => d.args[0]);
  expect(hidden.sort()).toEqual(
    Object.keys(headers)
      .filter((name) => name !== 'Cache-Control')
      .sort(),
  );
}

describe('nginx templates', () => {
  it('storefront: the shop’s headers on every response, the policy for real Stripe from the Dockerfile', () => {
    const config = template('storefront');
    const headers = serverHeaders(config);
    expect(headers).toEqual({
      ...securityHeaders('storefront', '${STOREFRONT_CSP}'),
      'Strict-Transport-Security': HSTS,
      'Cache-Control': '$storefront_cache_control',
    });
    const dockerfile = readFileSync(join(workspaceRoot, 'apps/storefront/Dockerfile'), 'utf8');
    const policy = /^ENV STOREFRONT_CSP="([^"]+)"$/m.exec(dockerfile)?.[1];
    expect(policy).toBe(storefrontPolicy({ stripeJsUrl: STRIPE_JS_URL }));
    expectApiCopiesHidden(config, headers);
  });

  it('storefront: answers /api/admin itself with a 404 and forwards only the rest of /api', () => {
    const config = template('storefront');
    const admin = config.filter((d) => d.blocks.at(-1) === 'location ^~ /api/admin');
    expect(admin.find((d) => d.name === 'return')?.args[0]).toBe('404');
    expect(admin.some((d) => d.name === 'proxy_pass')).toBe(false);
    const proxied = config.filter((d) => d.name === 'proxy_pass').map((d) => d.blocks.at(-1));
    expect(proxied).toEqual(['location /api/']);
  });

  it('admin: its own-origin-only policy and the admin’s headers on every response', () => {
    const config = template('admin');
    const headers = serverHeaders(config);
    expect(headers).toEqual({
      ...securityHeaders('admin', adminPolicy()),
      'Strict-Transport-Security': HSTS,
      'Cache-Control': '$admin_cache_control',
    });
    expectApiCopiesHidden(config, headers);
  });

  it('keeps hashed assets a year and revalidates the app shell', () => {
    for (const app of ['storefront', 'admin']) {
      const map = template(app).filter((d) => d.blocks.at(-1) === `map $uri $${app}_cache_control`);
      expect(Object.fromEntries(map.map((d) => [d.name, d.args[0]]))).toEqual({
        '~^/assets/': 'public, max-age=31536000, immutable',
        '~^/api/': '',
        default: 'no-cache',
      });
    }
  });
});
