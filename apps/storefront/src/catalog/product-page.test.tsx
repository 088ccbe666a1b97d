import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockFetch, mug, scarf, tote } from '../test/fixtures';
import { renderApp } from '../test/render-app';

describe('product page', () => {
  it('shows the product with its price in the chosen currency', async () => {
    mockFetch(() => jsonResponse({ products: [tote, mug, scarf] }));
    renderApp('/products/ceramic-mug');

    expect(await screen.findByRole('heading', { level: 1, name: 'Ceramic mug' })).toBeDefined();
    expect(screen.getByText('Stoneware, 350 ml, dishwasher safe.')).toBeDefined();
    expect(screen.getByText('$18.50')).toBeDefined();

    fireEvent.change(screen.getByRole('combobox', { name: 'Currency' }), { target: { value: 'jpy' } });
    expect(screen.getByText('¥2,800')).toBeDefined();

    fireEvent.change(screen.getByRole('combobox', { name: 'Currency' }), { target: { value: 'eur' } });
    expect(screen.getByText('This product has no price in EUR.')).toBeDefined();
    expect(screen.getByRole('button', { name: 'Show prices in USD' })).toBeDefined();
    expect(screen.getByRole('button', { name: 'Show prices in JPY' })).toBeDefined();
  });

  it('answers an unknown slug with "Product not found"', async () => {
    mockFetch(() => jsonResponse({ products: [tote] }));
    renderApp('/products/no-such-thing');
    expect(await screen.findByRole('heading', { level: 1, name: 'Product not found' })).toBeDefined();
    expect(screen.getByRole('link', { name: 'Browse the catalog' }).getAttribute('href')).toBe('/');
  });
});
