import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CURRENCY_STORAGE_KEY } from '../currency/currency-context';
import { jsonResponse, mockFetch, mug, scarf, tote } from '../test/fixtures';
import { renderApp } from '../test/render-app';
import { CART_STORAGE_KEY, parseCart, serializeCart } from './cart-storage';

const catalog = () => jsonResponse({ products: [tote, mug, scarf] });

function storeCart(lines: Array<{ productId: string; quantity: number }>) {
  window.localStorage.setItem(CART_STORAGE_KEY, serializeCart(lines));
}

const cartLink = () => screen.getByRole('link', { name: /^Cart \(\d+\)$/ });
const total = () => within(screen.getByRole('region', { name: 'Summary' })).getByText('Total').nextElementSibling;

describe('cart', () => {
  it('adds from the catalog, counts in the header, and survives a remount (a reload)', async () => {
    mockFetch(catalog);
    const first = renderApp('/');
    expect(cartLink().textContent).toBe('Cart (0)');

    fireEvent.click(await screen.findByRole('button', { name: 'Add to cart: Linen tote' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add to cart: Linen tote' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add to cart: Ceramic mug' }));

    expect(screen.getByRole('link', { name: 'Cart (3)' }).getAttribute('href')).toBe('/cart');
    expect(screen.getByText('Added · 2 in your cart')).toBeDefined();
    // Only ids and quantities are stored: no price, no currency.
    expect(JSON.parse(window.localStorage.getItem(CART_STORAGE_KEY) ?? '')).toEqual({
      version: 1,
      lines: [
        { productId: tote.id, quantity: 2 },
        { productId: mug.id, quantity: 1 },
      ],
    });

    first.unmount();
    renderApp('/cart');
    expect(screen.getByRole('link', { name: 'Cart (3)' })).toBeDefined();
    expect(await screen.findByRole('heading', { level: 1, name: 'Your cart' })).toBeDefined();
    expect(screen.getByRole('heading', { name: 'Linen tote' })).toBeDefined();
    expect(screen.getByRole('heading', { name: 'Ceramic mug' })).toBeDefined();
  });

  it('adds from the product page', async () => {
    mockFetch(catalog);
    renderApp('/products/wool-scarf');
    // The switcher offers the currencies GET /api/config names, once it has answered.
    await screen.findByRole('option', { name: 'EUR' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Currency' }), { target: { value: 'eur' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Add to cart: Wool scarf' }));
    expect(screen.getByRole('link', { name: 'Cart (1)' })).toBeDefined();
  });

  it('totals the lines with the money helpers, in the chosen currency', async () => {
    storeCart([
      { productId: tote.id, quantity: 2 },
      { productId: mug.id, quantity: 1 },
    ]);
    mockFetch(catalog);
    renderApp('/cart');
    await screen.findByRole('heading', { name: 'Linen tote' });

    expect(screen.getByText('$24.00 each')).toBeDefined();
    expect(screen.getByText('Subtotal for Linen tote:').parentElement?.textContent).toBe(
      'Subtotal for Linen tote: $48.00',
    );
    expect(total()?.textContent).toBe('$66.50');
    expect(screen.getByRole('link', { name: 'Check out' }).getAttribute('href')).toBe('/checkout');

    fireEvent.change(screen.getByRole('combobox', { name: 'Currency' }), { target: { value: 'jpy' } });
    expect(total()?.textContent).toBe('¥10,000');
  });

  it('flags products not priced in the currency and leaves them out of the total and the checkout', async () => {
    storeCart([
      { productId: tote.id, quantity: 2 },
      { productId: mug.id, quantity: 1 },
      { productId: '11111111-2222-4333-8444-555555555555', quantity: 4 },
    ]);
    window.localStorage.setItem(CURRENCY_STORAGE_KEY, 'eur');
    mockFetch(catalog);
    renderApp('/cart');
    await screen.findByRole('heading', { name: 'Linen tote' });

    const mugLine = screen.getByRole('heading', { name: 'Ceramic mug' }).closest('li');
    expect(mugLine?.textContent).toContain("Not available in EUR: it won't be part of your order");
    expect(screen.getByText(/no longer sold/)).toBeDefined();
    expect(total()?.textContent).toBe('€45.00');
    expect(screen.getByText("5 items can't be bought in EUR and won't be part of this order.")).toBeDefined();

    fireEvent.click(screen.getByRole('button', { name: 'Remove unavailable product' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove Ceramic mug from cart' }));
    expect(screen.queryByRole('heading', { name: 'Ceramic mug' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Cart (2)' })).toBeDefined();
    expect(parseCart(window.localStorage.getItem(CART_STORAGE_KEY))).toEqual([{ productId: tote.id, quantity: 2 }]);
  });

  it('keeps quantities between 1 and 99', async () => {
    storeCart([{ productId: tote.id, quantity: 98 }]);
    mockFetch(catalog);
    renderApp('/cart');
    await screen.findByRole('heading', { name: 'Linen tote' });

    const quantity = screen.getByRole<HTMLInputElement>('spinbutton', { name: 'Quantity of Linen tote' });
    const increase = screen.getByRole<HTMLButtonElement>('button', { name: 'Increase quantity of Linen tote' });
    const decrease = screen.getByRole<HTMLButtonElement>('button', { name: 'Decrease quantity of Linen tote' });

    fireEvent.click(increase);
    expect(quantity.value).toBe('99');
    expect(increase.disabled).toBe(true);
    expect(total()?.textContent).toBe('$2,376.00');

    fireEvent.change(quantity, { target: { value: '150' } });
    expect(quantity.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Enter a number from 1 to 99.')).toBeDefined();
    fireEvent.blur(quantity);
    expect(quantity.value).toBe('99');

    fireEvent.change(quantity, { target: { value: '0' } });
    fireEvent.blur(quantity);
    expect(quantity.value).toBe('1');
    expect(decrease.disabled).toBe(true);
    expect(screen.getByRole('link', { name: 'Cart (1)' })).toBeDefined();

    fireEvent.change(quantity, { target: { value: '7' } });
    expect(screen.getByRole('link', { name: 'Cart (7)' })).toBeDefined();
    expect(parseCart(window.localStorage.getItem(CART_STORAGE_KEY))).toEqual([{ productId: tote.id, quantity: 7 }]);
  });

  it('says so when the cart is empty', async () => {
    mockFetch(catalog);
    renderApp('/cart');
    expect(await screen.findByRole('heading', { name: 'Your cart is empty' })).toBeDefined();
    expect(screen.queryByRole('link', { name: 'Check out' })).toBeNull();
  });
});
