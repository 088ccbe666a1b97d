import { act, fireEvent, screen } from '@testing-library/react';
import type { OrderStatus, OrderView } from '@storepay/payments-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CART_STORAGE_KEY, parseCart, serializeCart } from '../cart/cart-storage';
import { rememberPendingOrder } from '../cart/pending-order';
import { apiRoutes, jsonResponse, mockFetch, mug, scarf, tote } from '../test/fixtures';
import { renderApp } from '../test/render-app';
import { pollDelay, POLL_GIVE_UP_AFTER_MS } from './use-order-polling';

const ORDER_ID = '3c1d6f0e-8a4b-4f2a-9c3e-5b7d9e1f2a40';

function order(status: OrderStatus, overrides: Partial<OrderView> = {}): OrderView {
  return {
    id: ORDER_ID,
    status,
    amount: 6650,
    amountRefunded: 0,
    currency: 'usd',
    email: 'a***@example.com',
    archived: false,
    items: [
      { productId: tote.id, name: 'Linen tote', unitAmount: 2400, quantity: 2 },
      { productId: mug.id, name: 'Ceramic mug', unitAmount: 1850, quantity: 1 },
    ],
    createdAt: '2026-01-05T10:00:00.000Z',
    paidAt: status === 'pending' ? null : '2026-01-05T10:00:04.000Z',
    ...overrides,
  };
}

/** GET /api/orders/:id answers each call with the next status (the last one repeats). */
function serveStatuses(...statuses: OrderStatus[]) {
  return mockFetch(
    apiRoutes({
      [`GET /api/orders/${ORDER_ID}`]: (_init, call) =>
        jsonResponse(order(statuses[Math.min(call, statuses.length - 1)]!)),
    }),
  );
}

const heading = () => screen.getByRole('heading', { level: 1 });
/** Lets the fake clock run, and React settle what the timers started. */
const elapse = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

beforeAll(async () => {
  // The page's chunk, loaded with real time before the clock is faked (the route imports it lazily).
  await import('./order-page');
});

beforeEach(() => {
  // Fake timeouts and clock (React's scheduler keeps real time). Testing Library advances fake timers only when it
  // sees Jest's, so it gets a `jest` that drives Vitest's: its findBy* queries then move the clock while they wait.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.stubGlobal('jest', { advanceTimersByTime: (ms: number) => vi.advanceTimersByTime(ms) });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('order page', () => {
  it('backs off from 0.5 s, doubling up to 5 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(pollDelay)).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('polls with back-off until the server says paid, and never says paid before', async () => {
    const fetchMock = serveStatuses('pending', 'pending', 'processing', 'paid');
    renderApp(`/orders/${ORDER_ID}`);

    expect(await screen.findByRole('heading', { level: 1, name: 'Confirming your payment' })).toBeDefined();
    expect(screen.getByText('Checking for updates…')).toBeDefined();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(screen.queryByText(/payment received/i)).toBeNull();
    expect(screen.queryByText(/\bpaid\b/i)).toBeNull();

    await elapse(499);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await elapse(1);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(heading().textContent).toBe('Confirming your payment');
    expect(screen.queryByText(/payment received/i)).toBeNull();

    await elapse(1000);
    expect(fetchMock).toHaveBeenCalledTimes(3);
    expect(heading().textContent).toBe('Your payment is processing');
    expect(screen.queryByText(/payment received/i)).toBeNull();

    await elapse(2000);
    expect(fetchMock).toHaveBeenCalledTimes(4);
    expect(heading().textContent).toBe('Payment received');
    expect(screen.getByRole('status').textContent).toContain('Your order is confirmed.');
    expect(screen.queryByText('Checking for updates…')).toBeNull();

    // Settled: no more polling.
    await elapse(60_000);
    expect(fetchMock).toHaveBeenCalledTimes(4);
  });

  it('shows the items and the total from the server', async () => {
    serveStatuses('paid');
    renderApp(`/orders/${ORDER_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Payment received' })).toBeDefined();
    const items = screen.getByRole('list', { name: 'Items' });
    expect(items.textContent).toContain('Linen tote × 2$48.00');
    expect(items.textContent).toContain('Ceramic mug × 1$18.50');
    expect(screen.getByText('Total').nextElementSibling?.textContent).toBe('$66.50');
    expect(screen.getByText(ORDER_ID)).toBeDefined();
    // The paid order's page is its receipt: it prints without the shop around it.
    const print = vi.fn();
    vi.stubGlobal('print', print);
    fireEvent.click(screen.getByRole('button', { name: 'Print receipt' }));
    expect(print).toHaveBeenCalledOnce();
    vi.unstubAllGlobals();
  });

  it('empties the cart of what the order bought only once the server says it is paid', async () => {
    window.localStorage.setItem(
      CART_STORAGE_KEY,
      serializeCart([
        { productId: tote.id, quantity: 2 },
        { productId: mug.id, quantity: 1 },
        { productId: scarf.id, quantity: 1 },
      ]),
    );
    rememberPendingOrder({ orderId: ORDER_ID, productIds: [tote.id, mug.id] });
    serveStatuses('processing', 'paid');
    renderApp(`/orders/${ORDER_ID}`);

    await screen.findByRole('heading', { level: 1, name: 'Your payment is processing' });
    expect(screen.getByRole('link', { name: 'Cart (4)' })).toBeDefined();

    await elapse(500);
    expect(heading().textContent).toBe('Payment received');
    expect(screen.getByRole('link', { name: 'Cart (1)' })).toBeDefined();
    expect(parseCart(window.localStorage.getItem(CART_STORAGE_KEY))).toEqual([{ productId: scarf.id, quantity: 1 }]);
  });

  it('says "Payment failed" for a failed order and keeps the cart', async () => {
    window.localStorage.setItem(CART_STORAGE_KEY, serializeCart([{ productId: tote.id, quantity: 2 }]));
    rememberPendingOrder({ orderId: ORDER_ID, productIds: [tote.id] });
    const fetchMock = serveStatuses('failed');
    renderApp(`/orders/${ORDER_ID}`);

    expect(await screen.findByRole('heading', { level: 1, name: 'Payment failed' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Back to your cart' }).getAttribute('href')).toBe('/cart');
    expect(screen.getByRole('link', { name: 'Cart (2)' })).toBeDefined();
    await elapse(10_000);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('tells a shopper back at an expired order what happened, and puts its items back for a new checkout', async () => {
    window.localStorage.setItem(CART_STORAGE_KEY, serializeCart([{ productId: mug.id, quantity: 3 }]));
    window.sessionStorage.setItem(
      'storepay.storefront.checkout-attempt',
      JSON.stringify({ fingerprint: 'x', key: 'k' }),
    );
    serveStatuses('expired');
    renderApp(`/orders/${ORDER_ID}`);

    expect(await screen.findByRole('heading', { level: 1, name: 'This order expired' })).toBeDefined();
    expect(screen.getByText(/nothing was charged/)).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Order these items again' }));
    // The tote comes back; the mug already in the cart keeps its quantity; the old checkout's key is gone.
    expect(parseCart(window.localStorage.getItem(CART_STORAGE_KEY))).toEqual([
      { productId: mug.id, quantity: 3 },
      { productId: tote.id, quantity: 2 },
    ]);
    expect(window.sessionStorage.getItem('storepay.storefront.checkout-attempt')).toBeNull();
    // On to the checkout page (loaded lazily: its loading state names it).
    expect(await screen.findByRole('link', { name: 'Cart (5)' })).toBeDefined();
    expect(screen.queryByRole('heading', { level: 1, name: 'This order expired' })).toBeNull();
  });

  it('stops polling after a while with a "still processing" message, and Refresh status asks again', async () => {
    const statuses: OrderStatus[] = Array.from({ length: 30 }, () => 'pending');
    const fetchMock = serveStatuses(...statuses, 'paid');
    renderApp(`/orders/${ORDER_ID}`);
    await screen.findByRole('heading', { level: 1, name: 'Confirming your payment' });

    await elapse(POLL_GIVE_UP_AFTER_MS);
    const polls = fetchMock.mock.calls.length;
    expect(polls).toBeGreaterThan(8);
    expect(polls).toBeLessThan(20);
    expect(screen.getByText(/Still processing/)).toBeDefined();
    expect(screen.queryByText('Checking for updates…')).toBeNull();
    expect(heading().textContent).toBe('Confirming your payment');

    await elapse(60_000);
    expect(fetchMock).toHaveBeenCalledTimes(polls);

    fireEvent.click(screen.getByRole('button', { name: 'Refresh status' }));
    await elapse(0);
    expect(fetchMock).toHaveBeenCalledTimes(polls + 1);
    expect(screen.queryByText(/Still processing/)).toBeNull();
  });

  it('keeps polling through a failed poll', async () => {
    let call = 0;
    mockFetch(() => {
      call += 1;
      if (call === 2) return Promise.reject(new TypeError('Failed to fetch'));
      return jsonResponse(order(call < 3 ? 'pending' : 'paid'));
    });
    renderApp(`/orders/${ORDER_ID}`);
    await screen.findByRole('heading', { level: 1, name: 'Confirming your payment' });
    await elapse(500);
    expect(screen.getByText(/could not reach the shop/i)).toBeDefined();
    await elapse(1000);
    expect(heading().textContent).toBe('Payment received');
  });

  it('answers an unknown order with "Order not found"', async () => {
    mockFetch(() => jsonResponse({ error: { code: 'not_found', message: 'No such order.' } }, 404));
    renderApp(`/orders/${ORDER_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Order not found' })).toBeDefined();
  });

  it('does not ask the server about an id that is not an order id', async () => {
    const fetchMock = mockFetch(() => jsonResponse({}));
    renderApp('/orders/not-an-id');
    expect(await screen.findByRole('heading', { level: 1, name: 'Order not found' })).toBeDefined();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows only the status and totals of an order settled long ago', async () => {
    mockFetch(
      apiRoutes({
        [`GET /api/orders/${ORDER_ID}`]: () => jsonResponse(order('paid', { archived: true, email: '', items: [] })),
      }),
    );
    renderApp(`/orders/${ORDER_ID}`);
    expect(await screen.findByText(/no longer shown online/)).toBeDefined();
    expect(screen.queryByText('Receipt to')).toBeNull();
    expect(screen.getByText('Total').nextElementSibling?.textContent).toBe('$66.50');
  });
});
