import { describe, expect, it } from 'vitest';
import { createTestQueryClient } from '../test/render-app';
import { jsonResponse, mockFetch, tote } from '../test/fixtures';
import { productQueries } from './product-queries';

describe('productQueries', () => {
  it('nest list keys under the products key, so invalidating products refreshes lists', () => {
    expect(productQueries.list().queryKey).toEqual(['products', 'list']);
    expect(productQueries.list().queryKey.slice(0, 1)).toEqual(productQueries.all());
  });

  it('fetch and parse the admin product list', async () => {
    const fetchMock = mockFetch(() => jsonResponse({ products: [tote] }));
    const queryClient = createTestQueryClient();
    await expect(queryClient.fetchQuery(productQueries.list())).resolves.toEqual([tote]);
    // The admin's own list (inactive products too), not the shop's.
    expect(String(fetchMock.mock.calls[0]?.[0])).toBe('/api/admin/products');
    expect(queryClient.getQueryData(productQueries.list().queryKey)).toEqual([tote]);
  });
});
