// @ts-check
// The response headers of the two web apps, in one place: the Content-Security-Policy each serves, the headers that
// go with it, and the Vite plugin that serves them (dev and preview) and keeps the admin API off the shop's origin.
// The nginx templates carry the same headers (a workspace check compares them with what this module builds).
//
// Plain JavaScript checked by TypeScript (`// @ts-check`): Vite loads its config with Node, which imports this file
// as is; a .ts file here would need a build step before `npm start`.

/** Stripe's own hosts for Stripe.js, its frames (Elements, 3D Secure) and its API, as Stripe documents them. */
export const STRIPE_HOSTED = Object.freeze({
  script: ['https://js.stripe.com', 'https://*.js.stripe.com'],
  frame: ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
  connect: ['https://api.stripe.com'],
});

/** Stripe.js as the API serves it: real Stripe's. */
export const STRIPE_JS_URL = 'https://js.stripe.com/v3/';

/**
 * Where Stripe.js, its frames and its API calls come from, given the Stripe.js URL the API hands the browser: Stripe's
 * hosts for js.stripe.com, else that URL's origin alone (the emulator serves its stand-in, frames and API there);
 * nowhere when it is not known.
 * @param {string | null} stripeJsUrl
 * @returns {{ script: readonly string[]; frame: readonly string[]; connect: readonly string[] }}
 */
export function stripeSources(stripeJsUrl) {
  if (stripeJsUrl === null) return { script: [], frame: [], connect: [] };
  const url = new URL(stripeJsUrl);
  if (url.protocol === 'https:' && url.hostname === 'js.stripe.com') return STRIPE_HOSTED;
  return { script: [url.origin], frame: [url.origin], connect: [url.origin] };
}

/**
 * @typedef {object} DevAllowances What Vite's dev server needs on top: its HMR socket, and a nonce for the inline
 *   scripts and styles it injects (React Refresh's preamble, CSS as <style> tags).
 * @property {string} nonce
 * @property {string} hmrOrigin e.g. ws://127.0.0.1:4200
 */

/**
 * @param {Record<string, readonly string[]>} directives
 * @returns {string}
 */
const serialize = (directives) =>
  Object.entries(directives)
    .map(([name, sources]) => [name, ...(sources.length > 0 ? sources : ["'none'"])].join(' '))
    .join('; ');

/**
 * The storefront's policy: its own files, Stripe.js and its frames, nothing inline, never framed. Without a Stripe.js
 * URL, no Stripe at all.
 * @param {{ stripeJsUrl: string | null; dev?: DevAllowances }} options
 * @returns {string}
 */
export function storefrontPolicy({ stripeJsUrl, dev }) {
  const stripe = stripeSources(stripeJsUrl);
  const nonce = dev ? [`'nonce-${dev.nonce}'`] : [];
  return serialize({
    'default-src': ["'self'"],
    'script-src': ["'self'", ...nonce, ...stripe.script],
    'style-src': ["'self'", ...nonce],
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...stripe.connect, ...(dev ? [dev.hmrOrigin] : [])],
    'frame-src': [...stripe.frame],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  });
}

/**
 * The admin's policy: nothing but its own origin.
 * @param {{ dev?: DevAllowances }} [options]
 * @returns {string}
 */
export function adminPolicy({ dev } = {}) {
  const nonce = dev ? [`'nonce-${dev.nonce}'`] : [];
  return serialize({
    'default-src': ["'self'"],
    'script-src': ["'self'", ...nonce],
    'style-src': ["'self'", ...nonce],
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...(dev ? [dev.hmrOrigin] : [])],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  });
}

/**
 * Every header a page or asset of `app` carries, for a policy built above. The storefront sends Stripe's frames its
 * origin and never a path (an order's id); the admin sends no referrer at all. HSTS is the TLS proxy's to add.
 * @param {'storefront' | 'admin'} app
 * @param {string} policy
 * @returns {Record<string, string>}
 */
export function securityHeaders(app, policy) {
  return {
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': app === 'storefront' ? 'strict-origin-when-cross-origin' : 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** HSTS where TLS is terminated: a year, subdomains included. */
export const HSTS = 'max-age=31536000; includeSubDomains';

/** Paths of the admin API, which the storefront's origin never forwards. */
export const ADMIN_API = /^\/api\/admin(?:[/?]|$)/;

/**
 * The storefront's proxy to the API: every /api route but the admin's, and /health.
 * @param {string} apiTarget
 * @returns {Record<string, { target: string }>}
 */
export function storefrontProxy(apiTarget) {
  return { '^/api/(?!admin(?:[/?]|$))': { target: apiTarget }, '/health': { target: apiTarget } };
}

/**
 * The admin's proxy to the API: /api and /health.
 * @param {string} apiTarget
 * @returns {Record<string, { target: string }>}
 */
export function adminProxy(apiTarget) {
  return { '/api': { target: apiTarget }, '/health': { target: apiTarget } };
}

/**
 * The Stripe.js URL the API hands browsers (from its public /api/config), remembered once read. Until the API
 * answers, null (the policy then allows no Stripe at all, and the next request asks again).
 * @param {string} apiTarget
 * @returns {() => Promise<string | null>}
 */
export function stripeJsUrlFromApi(apiTarget) {
  /** @type {string | null} */
  let known = null;
  return async () => {
    if (known) return known;
    try {
      const response = await fetch(`${apiTarget}/api/config`, { signal: AbortSignal.timeout(2_000) });
      if (!response.ok) return null;
      const body = /** @type {{ stripeJsUrl?: unknown }} */ (await response.json());
      if (typeof body.stripeJsUrl !== 'string') return null;
      stripeSources(body.stripeJsUrl); // a URL, or this throws
      known = body.stripeJsUrl;
      return known;
    } catch {
      return null;
    }
  };
}

/**
 * @typedef {import('node:http').IncomingMessage} Request
 * @typedef {import('node:http').ServerResponse} Response
 * @typedef {(request: Request, response: Response, next: (error?: unknown) => void) => void} Middleware
 */

/**
 * Serves `app`'s headers on every response of Vite's dev and preview servers (pages, assets, modules), and on the
 * storefront answers /api/admin/* with a 404 itself (its proxy does not forward them either). In dev the policy
 * also allows the HMR socket and a per-start nonce, which Vite puts on the scripts and styles it injects.
 * @param {{ app: 'storefront' | 'admin'; apiTarget: string; host: string; port: number }} options
 * @returns {import('vite').Plugin}
 */
export function securityHeadersPlugin({ app, apiTarget, host, port }) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  const stripeJsUrl = stripeJsUrlFromApi(apiTarget);

  /**
   * @param {DevAllowances | undefined} dev
   * @returns {Middleware}
   */
  const middleware = (dev) => (request, response, next) => {
    if (app === 'storefront' && ADMIN_API.test(request.url ?? '')) {
      response.statusCode = 404;
      response.setHeader('Content-Type', 'application/json; charset=utf-8');
      response.end(JSON.stringify({ error: { code: 'not_found', message: 'Not found' } }));
      return;
    }
    const policy =
      app === 'admin'
        ? Promise.resolve(adminPolicy({ dev }))
        : // Until the API answers, a policy with no Stripe at all: a page that cannot pay, not one that trusts a guess.
          stripeJsUrl().then((url) => storefrontPolicy({ stripeJsUrl: url, dev }));
    policy.then((value) => {
      for (const [name, header] of Object.entries(securityHeaders(app, value))) response.setHeader(name, header);
      next();
    }, next);
  };

  /** @type {boolean} */
  let serving = false;
  return {
    name: 'storepay-security-headers',
    config(_config, { command, isPreview }) {
      serving = command === 'serve' && !isPreview;
      // Only the dev server injects inline code; a build must not carry a fixed nonce.
      return serving ? { html: { cspNonce: nonce } } : {};
    },
    configureServer(server) {
      server.middlewares.use(middleware(serving ? { nonce, hmrOrigin: `ws://${host}:${port}` } : undefined));
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware(undefined));
    },
  };
}
