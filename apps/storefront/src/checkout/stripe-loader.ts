// Stripe.js, loaded on the checkout page only (this module is part of the checkout route's chunk).
//
// `@stripe/stripe-js/pure` injects nothing until loadStripe() is called, and then uses `window.Stripe` if it is
// already there. In demo mode the API's config points at the Stripe emulator's stand-in
// (http://127.0.0.1:12111/js.stripe.com/v3/), which we inject first; with real Stripe (a js.stripe.com URL) loadStripe
// injects the release @stripe/stripe-js is pinned to. loadStripe.setLoadParameters is deliberately not called: with
// the stand-in already on the page it only logs a warning, and on real Stripe its fraud signals are worth keeping.
import type { StorefrontConfig } from '@storepay/payments-core';
import type { Stripe } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';

const SCRIPT_TIMEOUT_MS = 20_000;

/** Whether Stripe.js itself should be loaded (by loadStripe), rather than the URL the API gave. */
export function isStripeHosted(url: string): boolean {
  try {
    return new URL(url).hostname === 'js.stripe.com';
  } catch {
    return false;
  }
}

function injectScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (window.Stripe) return resolve();
    const script = document.createElement('script');
    const timer = window.setTimeout(
      () => fail(new Error(`Stripe.js did not load from ${src} in time`)),
      SCRIPT_TIMEOUT_MS,
    );
    function fail(error: Error) {
      window.clearTimeout(timer);
      script.remove();
      reject(error);
    }
    script.src = src;
    script.async = true;
    script.addEventListener('load', () => {
      window.clearTimeout(timer);
      if (window.Stripe) resolve();
      else fail(new Error(`${src} loaded but did not define window.Stripe`));
    });
    script.addEventListener('error', () => fail(new Error(`Stripe.js could not be loaded from ${src}`)));
    document.head.append(script);
  });
}

let cached: { key: string; promise: Promise<Stripe> } | null = null;

/**
 * The Stripe instance for this publishable key, loading Stripe.js once per page. A failed load is forgotten, so
 * calling again retries.
 */
export function getStripe(config: Pick<StorefrontConfig, 'publishableKey' | 'stripeJsUrl'>): Promise<Stripe> {
  const key = `${config.stripeJsUrl}\n${config.publishableKey}`;
  if (cached?.key === key) return cached.promise;

  const promise = (isStripeHosted(config.stripeJsUrl) ? Promise.resolve() : injectScript(config.stripeJsUrl))
    .then(() => loadStripe(config.publishableKey))
    .then((stripe) => {
      if (!stripe) throw new Error('Stripe.js is not available in this environment');
      return stripe;
    });
  promise.catch(() => {
    if (cached?.promise === promise) cached = null;
  });
  cached = { key, promise };
  return promise;
}
