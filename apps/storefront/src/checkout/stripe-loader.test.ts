import { beforeEach, describe, expect, it, vi } from 'vitest';

const loadStripe = vi.hoisted(() => vi.fn());
vi.mock('@stripe/stripe-js/pure', () => ({ loadStripe }));

const demo = { publishableKey: 'pk_test_demo', stripeJsUrl: 'http://127.0.0.1:12111/js.stripe.com/v3/' };

/** Captures the script tags the loader adds, instead of letting happy-dom fetch them. */
function captureScripts() {
  const scripts: HTMLScriptElement[] = [];
  vi.spyOn(document.head, 'append').mockImplementation((...nodes) => {
    scripts.push(...(nodes as HTMLScriptElement[]));
  });
  return scripts;
}

async function freshLoader() {
  vi.resetModules();
  return import('./stripe-loader');
}

beforeEach(() => {
  loadStripe.mockReset().mockResolvedValue({ elements: vi.fn() });
  delete (window as { Stripe?: unknown }).Stripe;
});

describe('getStripe', () => {
  it("injects the API's Stripe.js (the emulator's stand-in) before calling loadStripe from /pure", async () => {
    const scripts = captureScripts();
    const { getStripe } = await freshLoader();
    const loading = getStripe(demo);

    expect(scripts).toHaveLength(1);
    expect(scripts[0]?.src).toBe(demo.stripeJsUrl);
    expect(loadStripe).not.toHaveBeenCalled();

    (window as { Stripe?: unknown }).Stripe = vi.fn();
    scripts[0]?.dispatchEvent(new Event('load'));
    await expect(loading).resolves.toEqual({ elements: expect.any(Function) });
    expect(loadStripe).toHaveBeenCalledWith('pk_test_demo');

    // Once per page: the same promise, no second script.
    expect(getStripe(demo)).toBe(loading);
    expect(scripts).toHaveLength(1);
  });

  it('lets loadStripe inject Stripe.js itself for a js.stripe.com URL', async () => {
    const scripts = captureScripts();
    const { getStripe, isStripeHosted } = await freshLoader();
    await getStripe({ publishableKey: 'pk_live_x', stripeJsUrl: 'https://js.stripe.com/v3/' });
    expect(scripts).toHaveLength(0);
    expect(loadStripe).toHaveBeenCalledWith('pk_live_x');
    expect(isStripeHosted('https://js.stripe.com/v3/')).toBe(true);
    expect(isStripeHosted(demo.stripeJsUrl)).toBe(false);
    expect(isStripeHosted('not a url')).toBe(false);
  });

  it('forgets a failed load, so trying again loads again', async () => {
    const scripts = captureScripts();
    const { getStripe } = await freshLoader();
    const first = getStripe(demo);
    scripts[0]?.dispatchEvent(new Event('error'));
    await expect(first).rejects.toThrow(/could not be loaded/);

    const second = getStripe(demo);
    expect(second).not.toBe(first);
    expect(scripts).toHaveLength(2);
    (window as { Stripe?: unknown }).Stripe = vi.fn();
    scripts[1]?.dispatchEvent(new Event('load'));
    await expect(second).resolves.toBeDefined();
  });
});
