import type { AdminProduct, StaffRole } from '@storepay/payments-core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, jsonResponse, mockApi, mockFetch, mug, scarf, sessionFor, tote } from '../test/fixtures';
import { renderApp } from '../test/render-app';

/** The table as text, header row first: one array per row. */
function tableRows(): string[][] {
  const table = screen.getByRole('table', { name: 'Products and their prices per currency' });
  return within(table)
    .getAllByRole('row')
    .map((row) =>
      Array.from(row.querySelectorAll('th, td')).map((cell) =>
        cell.querySelector('.cell-title')
          ? (cell.querySelector('.cell-title')?.textContent ?? '')
          : (cell.textContent ?? ''),
      ),
    );
}

describe('catalog page', () => {
  it('lists every product with its price in each currency', async () => {
    const fetchMock = mockFetch(() => jsonResponse({ products: [tote, mug, scarf] }));
    renderApp('/catalog');

    expect(within(screen.getByRole('main')).getByRole('status').textContent).toBe('Loading products…');
    expect(await screen.findByRole('heading', { name: '3 products' })).toBeDefined();

    expect(String(fetchMock.mock.calls[0]?.[0])).toBe('/api/admin/products');
    expect(tableRows()).toEqual([
      ['Product', 'USD', 'EUR', 'JPY', 'ID', 'Action'],
      ['Linen tote', '$24.00', '€22.50', '¥3,600', tote.id, 'Edit'],
      ['Ceramic mug', '$18.50', '—Not priced', '¥2,800', mug.id, 'Edit'],
      ['Wool scarf', '—Not priced', '€45.00', '—Not priced', scarf.id, 'Edit'],
    ]);
    expect(screen.getByRole('rowheader', { name: /Linen tote/ }).textContent).toContain('linen-tote');
  });

  it('has columns only for the currencies in use', async () => {
    mockFetch(() => jsonResponse({ products: [scarf] }));
    renderApp('/catalog');
    await screen.findByRole('heading', { name: '1 product' });
    expect(tableRows()[0]).toEqual(['Product', 'EUR', 'ID', 'Action']);
  });

  it("shows the API's error with its code, and retrying refetches", async () => {
    const fetchMock = mockFetch(
      () => jsonResponse({ error: { code: 'internal_error', message: 'The catalog could not be read.' } }, 500),
      () => jsonResponse({ products: [tote] }),
    );
    renderApp('/catalog');

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: "Couldn't load the catalog" })).toBeDefined();
    expect(within(alert).getByText('The catalog could not be read.')).toBeDefined();
    expect(alert.textContent).toContain('internal_error · HTTP 500');
    expect(screen.queryByRole('table')).toBeNull();

    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));

    expect(await screen.findByRole('heading', { name: '1 product' })).toBeDefined();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(tableRows()[1]).toEqual(['Linen tote', '$24.00', '€22.50', '¥3,600', tote.id, 'Edit']);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('reports an unreachable API', async () => {
    mockFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    renderApp('/catalog');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not reach the API');
    expect(alert.textContent).toContain('network_error · no response');
  });

  it('says so when there are no products', async () => {
    mockFetch(() => jsonResponse({ products: [] }));
    renderApp('/catalog');
    expect(await screen.findByRole('heading', { name: 'No products yet' })).toBeDefined();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('refreshes on demand', async () => {
    const fetchMock = mockFetch(
      () => jsonResponse({ products: [tote] }),
      () => jsonResponse({ products: [tote, mug] }),
    );
    renderApp('/catalog');
    await screen.findByRole('heading', { name: '1 product' });

    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));

    expect(await screen.findByRole('heading', { name: '2 products' })).toBeDefined();
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });
});

/** What GET /api/admin/products answers, read at each call (so a test can change the catalog after a save). */
function catalogApi(initial: AdminProduct[], routes: Parameters<typeof mockApi>[0] = {}) {
  const state = { products: initial };
  const api = mockApi({ 'GET /api/admin/products': () => jsonResponse({ products: state.products }), ...routes });
  return { ...api, state };
}

const form = (name: string) => screen.getByRole('region', { name });

/** The text of what describes a field (its hint and its error), as a screen reader reads it after the label. */
function description(field: HTMLElement): string {
  return (field.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

/** Clicks a button as a person does: it takes the focus first (the form gives it back when it closes). */
function press(button: HTMLElement) {
  button.focus();
  fireEvent.click(button);
}

function fill(region: HTMLElement, label: string, value: string) {
  fireEvent.change(within(region).getByLabelText(label), { target: { value } });
}

describe('catalog management', () => {
  it('lists inactive products too, marked Inactive', async () => {
    const retired = { ...scarf, active: false };
    mockFetch(() => jsonResponse({ products: [tote, retired] }));
    renderApp('/catalog');
    await screen.findByRole('heading', { name: '2 products' });

    expect(screen.getByRole('rowheader', { name: /Wool scarf/ }).textContent).toContain('Inactive');
    expect(screen.getByRole('rowheader', { name: /Linen tote/ }).textContent).not.toContain('Inactive');
    expect(tableRows()[2]).toEqual(['Wool scarf', '—Not priced', '€45.00', '—Not priced', scarf.id, 'Edit']);
  });

  it.each<StaffRole>(['viewer', 'support'])('shows a %s the catalog without New or Edit', async (role) => {
    mockFetch(() => jsonResponse({ products: [tote, mug] }));
    renderApp('/catalog', { session: sessionFor(role) });
    await screen.findByRole('heading', { name: '2 products' });

    expect(screen.queryByRole('button', { name: 'New product' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Edit/ })).toBeNull();
    expect(tableRows()[0]).toEqual(['Product', 'USD', 'EUR', 'JPY', 'ID']);
  });

  it('creates a product with its prices in minor units, and shows a taken slug on the slug field', async () => {
    const created: AdminProduct = {
      ...tote,
      id: '5e0c2a7d-8f14-4b6e-9a3c-7d2e1f0b9a04',
      slug: 'linen-tote-2',
      name: 'Linen tote, large',
      description: 'Bigger.',
      imageUrl: null,
      prices: [
        { currency: 'usd', unitAmount: 2450 },
        { currency: 'jpy', unitAmount: 3600 },
      ],
    };
    let posts = 0;
    const api = catalogApi([tote], {
      'POST /api/admin/products': () => {
        posts += 1;
        if (posts === 1) return apiError(409, 'slug_taken', 'Another product has this slug.', { slug: 'is taken' });
        api.state.products = [tote, created];
        return jsonResponse(created, 201);
      },
    });
    renderApp('/catalog');
    await screen.findByRole('heading', { name: '1 product' });

    press(screen.getByRole('button', { name: 'New product' }));
    const region = form('New product');
    expect(document.activeElement).toBe(within(region).getByLabelText('Slug'));
    // No slug field hint hides the rule; the price fields say their decimals, and that orders keep their prices.
    expect(description(within(region).getByLabelText('Price in USD'))).toBe('USD, up to 2 decimals');
    expect(description(within(region).getByLabelText('Price in JPY'))).toBe('JPY, whole numbers only');
    expect(description(within(region).getByLabelText('Price in KWD'))).toBe('KWD, up to 3 decimals');
    expect(within(region).getByRole('group', { name: 'Prices' }).textContent).toContain(
      'Orders already placed keep the price they were placed at',
    );
    expect(within(region).queryByLabelText('Active (sold in the shop)')).toBeNull();

    fill(region, 'Slug', 'linen-tote');
    fill(region, 'Name', 'Linen tote, large');
    fill(region, 'Description', ' Bigger. ');
    fill(region, 'Price in USD', '24.50');
    fill(region, 'Price in JPY', '3600');
    fireEvent.click(within(region).getByRole('button', { name: 'Create product' }));

    await waitFor(() => expect(within(region).getByText('Slug is taken')).toBeDefined());
    const slug = within(region).getByLabelText('Slug');
    expect(slug.getAttribute('aria-invalid')).toBe('true');
    expect(description(slug)).toContain('Slug is taken');
    expect(within(region).getByRole('alert').textContent).toContain('Another product has this slug.');
    const [first] = api.callsTo('POST', '/api/admin/products');
    expect(first?.body).toEqual({
      slug: 'linen-tote',
      name: 'Linen tote, large',
      description: 'Bigger.',
      prices: { usd: 2450, jpy: 3600 },
    });
    expect(first?.headers['x-csrf-token']).toBe('csrf-admin');

    fill(region, 'Slug', 'linen-tote-2');
    // A double-click creates one product.
    fireEvent.click(within(region).getByRole('button', { name: 'Create product' }));
    fireEvent.click(within(region).getByRole('button', { name: 'Create product' }));

    expect(await screen.findByRole('heading', { name: '2 products' })).toBeDefined();
    expect(api.callsTo('POST', '/api/admin/products')).toHaveLength(2);
    expect(api.callsTo('POST', '/api/admin/products')[1]?.body).toMatchObject({ slug: 'linen-tote-2' });
    expect(screen.queryByRole('region', { name: 'New product' })).toBeNull();
    expect(within(screen.getByRole('main')).getByRole('status').textContent).toBe(
      'Linen tote, large was added to the catalog: the shop sells it now.',
    );
    expect(tableRows()[2]).toEqual(['Linen tote, large', '$24.50', '—Not priced', '¥3,600', created.id, 'Edit']);
    // The keyboard is back on the button that opened the form.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'New product' }));
  });

  it('refuses "12.5" yen, a price without a number and a product without any price, before asking the API', async () => {
    const api = catalogApi([tote]);
    renderApp('/catalog');
    await screen.findByRole('heading', { name: '1 product' });
    press(screen.getByRole('button', { name: 'New product' }));
    const region = form('New product');

    fireEvent.click(within(region).getByRole('button', { name: 'Create product' }));
    expect(within(region).getByText('Slug must be lower-case letters, digits and dashes')).toBeDefined();
    expect(within(region).getByText('Name is required')).toBeDefined();
    expect(within(region).getByText('Description is required')).toBeDefined();
    expect(within(region).getByText('Needs at least one price')).toBeDefined();
    expect(within(region).getByRole('alert').textContent).toContain('Check the fields marked below.');

    fill(region, 'Slug', 'travel-mug');
    fill(region, 'Name', 'Travel mug');
    fill(region, 'Description', 'Keeps it warm.');
    fill(region, 'Price in JPY', '12.5');
    fill(region, 'Price in USD', '$18');
    fill(region, 'Price in EUR', '0');
    fill(region, 'Image URL (optional)', 'ftp://images.example.test/mug.jpg');
    fireEvent.click(within(region).getByRole('button', { name: 'Create product' }));

    const jpy = within(region).getByLabelText('Price in JPY');
    expect(jpy.getAttribute('aria-invalid')).toBe('true');
    expect(description(jpy)).toBe('JPY, whole numbers only JPY has no decimals: enter a whole number');
    expect(description(within(region).getByLabelText('Price in USD'))).toContain(
      'Enter a number like 12 or 12.50, without symbols',
    );
    expect(within(region).getByText('Price in EUR must be more than 0')).toBeDefined();
    expect(within(region).getByText('Image URL must be an http(s) URL')).toBeDefined();
    expect(within(region).queryByText('Needs at least one price')).toBeNull();
    expect(api.callsTo('POST', '/api/admin/products')).toHaveLength(0);
  });

  it('converts with each currency’s exponent (KWD has 3 decimals) and sends an image URL when there is one', async () => {
    const api = catalogApi([tote], {
      'POST /api/admin/products': () => apiError(500, 'internal_error', 'The product could not be saved.'),
    });
    renderApp('/catalog');
    await screen.findByRole('heading', { name: '1 product' });
    press(screen.getByRole('button', { name: 'New product' }));
    const region = form('New product');

    fill(region, 'Slug', 'brass-spoon');
    fill(region, 'Name', 'Brass spoon');
    fill(region, 'Description', 'For tea.');
    fill(region, 'Image URL (optional)', 'https://images.example.test/spoon.jpg');
    fill(region, 'Price in KWD', '2.125');
    fill(region, 'Price in GBP', '7');
    fireEvent.click(within(region).getByRole('button', { name: 'Create product' }));

    const alert = await within(region).findByRole('alert');
    expect(alert.textContent).toContain('The product could not be saved.');
    expect(alert.textContent).toContain('internal_error');
    expect(api.callsTo('POST', '/api/admin/products')[0]?.body).toEqual({
      slug: 'brass-spoon',
      name: 'Brass spoon',
      description: 'For tea.',
      imageUrl: 'https://images.example.test/spoon.jpg',
      prices: { gbp: 700, kwd: 2125 },
    });
    // Cancel closes the form, and nothing was added.
    fireEvent.click(within(region).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('region', { name: 'New product' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'New product' }));
  });

  it('edits a product: sends only what changed, null for a cleared price, and refreshes the list', async () => {
    const id = tote.id;
    const api = catalogApi([tote, mug], {
      [`PATCH /api/admin/products/${id}`]: () => {
        const after: AdminProduct = {
          ...tote,
          active: false,
          prices: [
            { currency: 'usd', unitAmount: 2600 },
            { currency: 'jpy', unitAmount: 3600 },
          ],
        };
        api.state.products = [after, mug];
        return jsonResponse(after);
      },
    });
    renderApp('/catalog');
    await screen.findByRole('heading', { name: '2 products' });

    press(screen.getByRole('button', { name: 'Edit Linen tote' }));
    const region = form('Edit Linen tote');
    expect(within(region).queryByLabelText('Slug')).toBeNull();
    expect(document.activeElement).toBe(within(region).getByLabelText('Name'));
    // The form starts with the product as it is, prices in major units.
    expect(within(region).getByLabelText<HTMLInputElement>('Name').value).toBe('Linen tote');
    expect(within(region).getByLabelText<HTMLInputElement>('Price in USD').value).toBe('24.00');
    expect(within(region).getByLabelText<HTMLInputElement>('Price in EUR').value).toBe('22.50');
    expect(within(region).getByLabelText<HTMLInputElement>('Price in JPY').value).toBe('3600');
    expect(within(region).getByLabelText<HTMLInputElement>('Price in GBP').value).toBe('');
    expect(description(within(region).getByLabelText('Price in USD'))).toBe('USD, up to 2 decimals; now $24.00');
    expect(description(within(region).getByLabelText('Price in GBP'))).toBe('GBP, up to 2 decimals; not priced now');
    const active = within(region).getByLabelText<HTMLInputElement>('Active (sold in the shop)');
    expect(active.checked).toBe(true);

    // Saving what is there changes nothing and sends nothing.
    fireEvent.click(within(region).getByRole('button', { name: 'Save changes' }));
    expect(within(region).getByRole('status').textContent).toBe('Nothing changed: there is nothing to save.');
    expect(api.callsTo('PATCH', `/api/admin/products/${id}`)).toHaveLength(0);

    fill(region, 'Price in USD', '26');
    fill(region, 'Price in EUR', '');
    fill(region, 'Price in JPY', '3600');
    fill(region, 'Description', `${tote.description} `);
    fireEvent.click(active);
    fireEvent.click(within(region).getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(api.callsTo('PATCH', `/api/admin/products/${id}`)).toHaveLength(1));
    const [patch] = api.callsTo('PATCH', `/api/admin/products/${id}`);
    expect(patch?.body).toEqual({ active: false, prices: { usd: 2600, eur: null } });
    expect(patch?.headers['x-csrf-token']).toBe('csrf-admin');

    await waitFor(() => expect(tableRows()[1]).toEqual(['Linen tote', '$26.00', '¥3,600', tote.id, 'Edit']));
    expect(screen.getByRole('rowheader', { name: /Linen tote/ }).textContent).toContain('Inactive');
    expect(screen.queryByRole('region', { name: 'Edit Linen tote' })).toBeNull();
    expect(within(screen.getByRole('main')).getByRole('status').textContent).toBe(
      'Linen tote was saved: it is inactive, so the shop does not sell it.',
    );
    expect(api.callsTo('GET', '/api/admin/products')).toHaveLength(2);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit Linen tote' }));
  });

  it('shows the API’s field errors of an edit next to their fields, and refuses removing every price', async () => {
    const id = mug.id;
    const api = catalogApi([mug], {
      [`PATCH /api/admin/products/${id}`]: () =>
        apiError(400, 'validation_failed', 'The request is invalid.', {
          'prices.usd': 'must be at most 99999999 minor units (Stripe’s limit)',
          imageUrl: 'is too long',
          'prices.xyz': 'is not a currency',
        }),
    });
    renderApp('/catalog');
    await screen.findByRole('heading', { name: '1 product' });
    fireEvent.click(screen.getByRole('button', { name: 'Edit Ceramic mug' }));
    const region = form('Edit Ceramic mug');

    fill(region, 'Price in USD', '');
    fill(region, 'Price in JPY', '');
    fireEvent.click(within(region).getByRole('button', { name: 'Save changes' }));
    expect(within(region).getByText('Needs at least one price')).toBeDefined();
    expect(within(region).getByRole('group', { name: 'Prices' }).getAttribute('aria-describedby')).toContain('error');
    expect(api.callsTo('PATCH', `/api/admin/products/${id}`)).toHaveLength(0);

    fill(region, 'Price in USD', '30');
    fill(region, 'Price in JPY', '2800');
    fill(region, 'Image URL (optional)', '');
    fireEvent.click(within(region).getByRole('button', { name: 'Save changes' }));

    const usd = within(region).getByLabelText('Price in USD');
    await waitFor(() => expect(usd.getAttribute('aria-invalid')).toBe('true'));
    expect(description(usd)).toContain('Price in USD must be at most 99999999 minor units (Stripe’s limit)');
    expect(description(within(region).getByLabelText('Image URL (optional)'))).toContain('Image URL is too long');
    // An error about something the form has no field for is listed in its alert.
    const alert = within(region).getByRole('alert');
    expect(alert.textContent).toContain('The request is invalid. Check the fields marked below.');
    expect(within(alert).getByRole('listitem').textContent).toBe('Price in XYZ is not a currency');
    expect(api.callsTo('PATCH', `/api/admin/products/${id}`)[0]?.body).toEqual({
      imageUrl: null,
      prices: { usd: 3000 },
    });
  });
});
