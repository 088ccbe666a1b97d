import { queryOptions } from '@tanstack/react-query';
import { fetchProducts } from './catalog-api';

/**
 * Query options for products: keys and fetchers live together, so components, prefetching and
 * invalidation (`queryClient.invalidateQueries({ queryKey: productQueries.all() })`) agree.
 */
export const productQueries = {
  all: () => ['products'] as const,
  lists: () => [...productQueries.all(), 'list'] as const,
  list: () =>
    queryOptions({
      queryKey: productQueries.lists(),
      queryFn: ({ signal }) => fetchProducts({ signal }),
    }),
};
