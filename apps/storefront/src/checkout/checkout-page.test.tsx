import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { CheckoutResponse } from '@storepay/payments-core';
import type { ReactNode } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CART_STORAGE_KEY, parseCart, serializeCart } from '../cart/cart-storage';
import { CURRENCY_STORAGE_KEY } from '../currency/currency-context';
import { apiRoutes, deferred, jsonResponse, mockFetch, mug, scarf, storefrontConfig, tote } from '../test/fixtures';
import { loadCatalog, loadLanguage } from '../i18n/i18n';
import { setLocale } from '../i18n/locale';
import { renderApp } from '../test/render-app';

// Stripe is mocked at the React boundary: <Elements> renders its children, <PaymentElement> is ready at once, and
// the hooks hand out a Stripe whose confirmPayment each test scripts. Stripe.js itself is never loaded.
const stripe = vi.hoisted(() => ({
  confirmPayment: vi.fn(),
  submit: vi.fn(),
  getStripe: vi.fn(),
  elementsOptions: [] as unknown[],
  paymentElementOptions: [] as unknown[],
}));

vi.mock('@stripe/react-stripe-js', async () => {
  const { useEffect } = await import('react');
  return {
    Elements: ({ children, options }: { children: ReactNode; options: unknown }) => {
      stripe.elementsOptions.push(options);
      return <div data-testid="stripe-elements">{children}</div>;
    },
    PaymentElement: ({ onReady, options }: { onReady?: () => void; options?: unknown }) => {
      stripe.paymentElementOptions.push(options);
      useEffect(() => onReady?.(), [onReady]);
      return <div>Card details</div>;
    },
    useStripe: () => ({ confirmPayment: stripe.confirmPayment }),
    useElements: () => ({ submit: stripe.submit }),
  };
});

vi.mock('./stripe-loader', () => ({ getStripe: stripe.getStripe }));

const config = storefrontConfig;

const ORDER_ID = '9b2f8a8e-1b8c-4b8e-9d55-0c1f7f2e3a10';
const created: CheckoutResponse = {
  orderId: ORDER_ID,
  paymentIntentId: 'pi_123',
  clientSecret: 'pi_123_secret_abc',
  amount: 6650,
  currency: 'usd',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function storeCart(lines: Array<{ productId: string; quantity: number }>) {
  window.localStorage.setItem(CART_STORAGE_KEY, serializeCart(lines));
}

interface CheckoutCall {
  body: unknown;
  key: string | undefined;
}

/** The API: catalog, config, and POST /api/checkout answered by `checkout` (every call is recorded). */
function api(checkout: (call: number) => Response | Promise<Response> = () => jsonResponse(created, 201)) {
  const calls: CheckoutCall[] = [];
  const fetchMock = mockFetch(
    apiRoutes({
      'GET /api/products': () => jsonResponse({ products: [tote, mug, scarf] }),
      'POST /api/checkout': (init, call) => {
        const headers = new Headers(init?.headers);
        calls.push({ body: JSON.parse(String(init?.body)), key: headers.get('Idempotency-Key') ?? undefined });
        return checkout(call);
      },
      [`GET /api/orders/${ORDER_ID}`]: () =>
        jsonResponse({
          id: ORDER_ID,
          status: 'paid',
          amount: 6650,
          amountRefunded: 0,
          currency: 'usd',
          email: 'a***@example.com',
          items: [],
          createdAt: '2026-01-01T10:00:00.000Z',
          paidAt: '2026-01-01T10:00:05.000Z',
          archived: false,
        }),
    }),
  );
  return { calls, fetchMock };
}

async function fillEmail(email: string) {
  fireEvent.change(await screen.findByLabelText('Email'), { target: { value: email } });
}

const continueButton = () => screen.getByRole<HTMLButtonElement>('button', { name: 'Continue to payment' });

beforeEach(() => {
  stripe.confirmPayment.mockReset();
  stripe.submit.mockReset().mockResolvedValue({});
  stripe.getStripe.mockReset().mockResolvedValue({ elements: () => ({}) });
  stripe.elementsOptions.length = 0;
  stripe.paymentElementOptions.length = 0;
  storeCart([
    { productId: tote.id, quantity: 2 },
    { productId: mug.id, quantity: 1 },
    { productId: scarf.id, quantity: 1 },
  ]);
});

describe('checkout: contact step', () => {
  it('shows the order summary, and leaves out what is not sold in the currency', async () => {
    api();
    renderApp('/checkout');
    const summary = await screen.findByRole('region', { name: 'Order summary' });
    expect(within(summary).getByText('Linen tote')).toBeDefined();
    expect(within(summary).getByText('$48.00')).toBeDefined();
    expect(within(summary).getByText('$66.50')).toBeDefined();
    expect(within(summary).getByText(/Not part of this order \(not sold in USD\): Wool scarf/)).toBeDefined();
    // Stripe.js starts loading on this page (and only here), with the config from the API.
    expect(stripe.getStripe).toHaveBeenCalledWith(config);
  });

  it('POSTs only ids, quantities, currency and email, with an Idempotency-Key, then shows the Payment Element', async () => {
    const { calls } = api();
    renderApp('/checkout');
    await fillEmail('  ada@example.com ');
    fireEvent.click(continueButton());

    expect(await screen.findByRole('button', { name: 'Pay $66.50' })).toBeDefined();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.body).toEqual({
      items: [
        { productId: tote.id, quantity: 2 },
        { productId: mug.id, quantity: 1 },
      ],
      currency: 'usd',
      email: 'ada@example.com',
      locale: 'en',
    });
    expect(calls[0]?.key).toMatch(UUID);
    expect(stripe.elementsOptions.at(-1)).toMatchObject({ clientSecret: created.clientSecret, locale: 'en' });
    expect(screen.getByText('ada@example.com')).toBeDefined();
    // A method that needs an email (SEPA Direct Debit) starts with the receipt's; its mandate names the shop.
    expect(stripe.paymentElementOptions.at(-1)).toEqual({
      business: { name: 'Storepay' },
      defaultValues: { billingDetails: { email: 'ada@example.com' } },
    });
  });

  it('checks out in German: German words and prices, the order placed in German, a German Payment Element', async () => {
    await loadLanguage('de');
    setLocale('de');
    const de = (await loadCatalog('de')) as Record<string, Record<string, string>>;
    const { calls } = api();
    renderApp('/checkout');
    expect(await screen.findByRole('heading', { level: 1, name: de.checkout!.title })).toBeDefined();
    fireEvent.change(await screen.findByLabelText(de.checkout!.email!), { target: { value: 'kundin@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: de.checkout!.continueToPayment }));

    expect(
      await screen.findByRole('button', { name: de.payment!.pay!.replace('{amount}', '66,50\u00a0$') }),
    ).toBeDefined();
    expect(calls[0]?.body).toMatchObject({ email: 'kundin@example.com', locale: 'de' });
    expect(stripe.elementsOptions.at(-1)).toMatchObject({ clientSecret: created.clientSecret, locale: 'de' });
    expect(de.checkout!.continueToPayment).not.toBe('Continue to payment');
  });

  it('gives a signed-in shopper’s Payment Element their customer session (saved cards, saving this one)', async () => {
    api(() => jsonResponse({ ...created, customerSessionClientSecret: 'cuss_1_secret_abc' }, 201));
    renderApp('/checkout');
    await fillEmail('ada@example.com');
    fireEvent.click(continueButton());
    expect(await screen.findByRole('button', { name: 'Pay $66.50' })).toBeDefined();
    expect(stripe.elementsOptions.at(-1)).toMatchObject({ customerSessionClientSecret: 'cuss_1_secret_abc' });
  });

  it('disables the button while the order is created, so a double click creates one order', async () => {
    const answer = deferred<Response>();
    const { calls } = api(() => answer.promise);
    renderApp('/checkout');
    await fillEmail('ada@example.com');

    const form = continueButton().closest('form') as HTMLFormElement;
    fireEvent.submit(form);
    fireEvent.submit(form);
    expect(continueButton().disabled).toBe(true);
    expect(screen.getByText('Creating your order…')).toBeDefined();
    fireEvent.click(continueButton());

    await act(async () => answer.resolve(jsonResponse(created, 201)));
    expect(await screen.findByRole('button', { name: 'Pay $66.50' })).toBeDefined();
    expect(calls).toHaveLength(1);
  });

  it('retries a failed request with the same key, and uses a new key once the request changes', async () => {
    const { calls } = api((call) =>
      call < 2
        ? jsonResponse({ error: { code: 'stripe_unavailable', message: 'Stripe is not answering.' } }, 503)
        : jsonResponse(created, 201),
    );
    renderApp('/checkout');
    await fillEmail('ada@example.com');
    fireEvent.click(continueButton());

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Payments are unavailable for a moment. Please try again shortly.');
    fireEvent.click(continueButton());
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]?.key).toBe(calls[0]?.key);

    await waitFor(() => expect(continueButton().disabled).toBe(false));
    await fillEmail('grace@example.com');
    fireEvent.click(continueButton());
    expect(await screen.findByRole('button', { name: 'Pay $66.50' })).toBeDefined();
    expect(calls[2]?.key).toMatch(UUID);
    expect(calls[2]?.key).not.toBe(calls[0]?.key);
  });

  it('keeps the key when only the language changed between a failed request and its retry', async () => {
    const { calls } = api((call) =>
      call < 1
        ? jsonResponse({ error: { code: 'stripe_unavailable', message: 'Stripe is not answering.' } }, 503)
        : jsonResponse(created, 201),
    );
    renderApp('/checkout');
    await fillEmail('ada@example.com');
    fireEvent.click(continueButton());
    await screen.findByRole('alert');
    await loadLanguage('fr');
    act(() => setLocale('fr'));
    const fr = (await loadCatalog('fr')) as Record<string, Record<string, string>>;
    fireEvent.click(await screen.findByRole('button', { name: fr.checkout!.continueToPayment }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]?.key).toBe(calls[0]?.key);
    expect(calls.map((call) => (call.body as { locale: string }).locale)).toEqual(['en', 'fr']);
  });

  it('places a new order, under a new key, when this tab’s earlier order of the same cart expired', async () => {
    const { calls } = api((call) =>
      call === 0
        ? jsonResponse({ error: { code: 'order_expired', message: 'This order expired before it was paid.' } }, 409)
        : jsonResponse(created, 201),
    );
    renderApp('/checkout');
    await fillEmail('ada@example.com');
    fireEvent.click(continueButton());
    expect(await screen.findByRole('button', { name: 'Pay $66.50' })).toBeDefined();
    expect(calls).toHaveLength(2);
    expect(calls[1]?.key).toMatch(UUID);
    expect(calls[1]?.key).not.toBe(calls[0]?.key);
    expect(calls[1]?.body).toEqual(calls[0]?.body);
  });

  it('checks the email before sending anything', async () => {
    const { calls } = api();
    renderApp('/checkout');
    await screen.findByLabelText('Email');
    fireEvent.click(continueButton());

    const email = screen.getByLabelText('Email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(email);
    expect(screen.getByText('Enter your email address. We send your receipt there.')).toBeDefined();

    await fillEmail('not-an-email');
    fireEvent.click(continueButton());
    expect(screen.getByText('Enter a valid email address, like name@example.com.')).toBeDefined();
    expect(email.getAttribute('aria-describedby')).toContain(
      screen.getByText('Enter a valid email address, like name@example.com.').id,
    );
    expect(calls).toHaveLength(0);
  });

  it("shows the server's validation errors by field", async () => {
    api(() =>
      jsonResponse(
        {
          error: {
            code: 'validation_failed',
            message: 'The checkout request is invalid.',
            fields: { email: 'must be an email address', 'items.0.quantity': 'must be at most 99' },
          },
        },
        400,
      ),
    );
    renderApp('/checkout');
    await fillEmail('ada@example.com');
    fireEvent.click(continueButton());

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Linen tote: quantity must be at most 99.')).toBeDefined();
    expect(within(alert).getByRole('link', { name: 'Review your cart' }).getAttribute('href')).toBe('/cart');
    const email = screen.getByLabelText('Email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Email must be an email address.')).toBeDefined();
    expect(screen.queryByRole('button', { name: /^Pay/ })).toBeNull();
  });

  it('has nothing to check out when nothing in the cart is sold in the currency', async () => {
    window.localStorage.setItem(CURRENCY_STORAGE_KEY, 'eur');
    storeCart([{ productId: mug.id, quantity: 1 }]);
    api();
    renderApp('/checkout');
    expect(await screen.findByRole('heading', { name: 'There is nothing to check out' })).toBeDefined();
    expect(screen.queryByLabelText('Email')).toBeNull();
  });
});

describe('checkout: payment step', () => {
  async function toPayment() {
    const apiMock = api();
    const view = renderApp('/checkout');
    await fillEmail('ada@example.com');
    fireEvent.click(continueButton());
    const pay = await screen.findByRole<HTMLButtonElement>('button', { name: 'Pay $66.50' });
    await waitFor(() => expect(pay.disabled).toBe(false));
    return { ...apiMock, ...view, pay };
  }

  it('shows a decline in an alert, keeps the order, and a retry on the same order succeeds', async () => {
    stripe.confirmPayment
      .mockResolvedValueOnce({
        error: {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'insufficient_funds',
          message: 'Your card has insufficient funds.',
        },
      })
      .mockResolvedValueOnce({ paymentIntent: { id: 'pi_123', status: 'succeeded' } });
    const { calls, pay } = await toPayment();

    fireEvent.click(pay);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Your card has insufficient funds. Try another card or payment method.');
    // Nothing was paid: the cart is untouched.
    expect(parseCart(window.localStorage.getItem(CART_STORAGE_KEY))).toHaveLength(3);

    await waitFor(() => expect(pay.disabled).toBe(false));
    fireEvent.click(pay);
    expect(await screen.findByRole('heading', { level: 1, name: 'Payment received' })).toBeDefined();

    expect(calls).toHaveLength(1);
    expect(stripe.confirmPayment).toHaveBeenCalledTimes(2);
    expect(stripe.confirmPayment.mock.calls[1]?.[0]).toMatchObject({
      confirmParams: { return_url: `${window.location.origin}/orders/${ORDER_ID}` },
      redirect: 'if_required',
    });
    // Paid: what was ordered leaves the cart; the scarf (not sold in USD) stays.
    expect(parseCart(window.localStorage.getItem(CART_STORAGE_KEY))).toEqual([{ productId: scarf.id, quantity: 1 }]);
    expect(screen.getByRole('link', { name: 'Cart (1)' })).toBeDefined();
  });

  it.each([
    [{ type: 'card_error', code: 'expired_card', decline_code: 'expired_card' }, 'Your card has expired.'],
    [
      { type: 'card_error', code: 'incorrect_cvc', decline_code: 'incorrect_cvc' },
      "Your card's security code is incorrect.",
    ],
    [{ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' }, 'Your card was declined.'],
    [
      { type: 'invalid_request_error', code: 'payment_intent_authentication_failure' },
      "We couldn't verify this payment with your bank.",
    ],
  ])('explains the decline %o', async (error, message) => {
    stripe.confirmPayment.mockResolvedValueOnce({ error: { ...error, message: 'raw Stripe message' } });
    const { pay } = await toPayment();
    fireEvent.click(pay);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(message);
    expect(alert.textContent).not.toContain('raw Stripe message');
  });

  it('disables Pay with a spinner while the payment is in flight, and ignores a second click', async () => {
    const confirmation = deferred<unknown>();
    stripe.confirmPayment.mockReturnValueOnce(confirmation.promise);
    const { pay } = await toPayment();

    fireEvent.submit(pay.closest('form') as HTMLFormElement);
    fireEvent.submit(pay.closest('form') as HTMLFormElement);
    await waitFor(() => expect(pay.disabled).toBe(true));
    expect(pay.querySelector('.spinner')).not.toBeNull();
    expect(screen.getByText('Processing your payment…')).toBeDefined();
    expect(screen.getByRole('button', { name: 'Edit details' })).toHaveProperty('disabled', true);

    await act(async () => confirmation.resolve({ paymentIntent: { id: 'pi_123', status: 'processing' } }));
    await screen.findByRole('heading', { level: 1 });
    expect(stripe.submit).toHaveBeenCalledTimes(1);
    expect(stripe.confirmPayment).toHaveBeenCalledTimes(1);
    // Still processing: the cart waits for the server to say the order is paid (here the order page's GET does).
  });

  it('lets the Payment Element report incomplete details without confirming', async () => {
    stripe.submit.mockResolvedValueOnce({
      error: { type: 'validation_error', code: 'incomplete_number', message: 'Your card number is incomplete.' },
    });
    const { pay } = await toPayment();
    fireEvent.click(pay);
    expect((await screen.findByRole('alert')).textContent).toBe('Your card number is incomplete.');
    expect(stripe.confirmPayment).not.toHaveBeenCalled();
  });

  it('offers to load the payment form again when Stripe.js cannot be loaded', async () => {
    stripe.getStripe.mockRejectedValue(new Error('blocked'));
    api();
    renderApp('/checkout');
    await fillEmail('ada@example.com');
    fireEvent.click(continueButton());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("The payment form couldn't be loaded.");

    stripe.getStripe.mockResolvedValue({});
    fireEvent.click(within(alert).getByRole('button', { name: 'Load the payment form again' }));
    expect(await screen.findByRole('button', { name: 'Pay $66.50' })).toBeDefined();
  });
});
