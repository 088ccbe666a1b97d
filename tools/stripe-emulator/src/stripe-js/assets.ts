import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';

const ASSETS_DIR = new URL('./assets/', import.meta.url);

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/** The browser files, served as they are in src/stripe-js/assets (no build step). */
const FILES = [
  'stripe.js',
  'card.js',
  'iban.js',
  'locales.js',
  'elements-inner-payment.html',
  'elements-inner-payment.js',
  'three-d-secure.js',
] as const;

/** URL paths of the Stripe.js script itself: the v3 URL apps load, and the release-train URL of stripe-js 10. */
export const STRIPE_JS_PATHS = [
  '/js.stripe.com/v3/',
  '/js.stripe.com/v3',
  '/js.stripe.com/v3/stripe.js',
  '/js.stripe.com/endive/stripe.js',
];

function contentType(name: string): string {
  return CONTENT_TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
}

/** Serves the Stripe.js stand-in and the files of its frames under /js.stripe.com/v3/. */
export function registerStripeJsAssets(app: FastifyInstance): void {
  const contents = new Map(FILES.map((name) => [name, readFileSync(new URL(name, ASSETS_DIR), 'utf8')]));
  const serve = (name: (typeof FILES)[number]) => (_request: unknown, reply: FastifyReply) =>
    reply
      .header('content-type', contentType(name))
      .header('cache-control', 'no-cache')
      // The merchant page loads the script cross-origin; the frames import their modules same-origin.
      .header('access-control-allow-origin', '*')
      .send(contents.get(name));

  for (const path of STRIPE_JS_PATHS) app.get(path, serve('stripe.js'));
  for (const name of FILES) {
    if (name !== 'stripe.js') app.get(`/js.stripe.com/v3/${name}`, serve(name));
  }
}
