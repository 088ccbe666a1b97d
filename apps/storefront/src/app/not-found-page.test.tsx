import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockFetch } from '../test/fixtures';
import { renderApp } from '../test/render-app';

describe('unknown paths', () => {
  it('render the 404 page inside the layout without calling the API', async () => {
    const fetchMock = mockFetch(() => new Response(null, { status: 500 }));
    renderApp('/no/such/page');

    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeDefined();
    expect(screen.getByText('/no/such/page')).toBeDefined();
    expect(screen.getByRole('banner')).toBeDefined();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeDefined();
    expect(screen.getByRole('main')).toBeDefined();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
