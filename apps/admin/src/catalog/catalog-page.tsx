import { useQuery } from '@tanstack/react-query';
import { Panel } from '../app/data-table';
import { EmptyState, PageHeader } from '../app/page-states';
import { QueryState } from '../app/query-state';
import { productQueries } from './product-queries';
import { ProductPriceTable } from './product-price-table';

export function CatalogPage() {
  const products = useQuery(productQueries.list());

  return (
    <>
      <title>Catalog · Storepay Admin</title>
      <PageHeader
        title="Catalog"
        description="Products and their prices in every currency, as the storefront receives them."
        actions={
          products.isSuccess ? (
            <button
              type="button"
              className="button button--secondary"
              disabled={products.isFetching}
              onClick={() => void products.refetch()}
            >
              {products.isFetching ? 'Refreshing…' : 'Refresh'}
            </button>
          ) : null
        }
      />

      <QueryState
        query={products}
        loading="Loading products…"
        errorTitle="Couldn't load the catalog"
        isEmpty={(list) => list.length === 0}
        empty={
          <EmptyState title="No products yet">
            <p>GET /api/products returned an empty catalog. Products appear here once they exist in the database.</p>
          </EmptyState>
        }
      >
        {(list) => (
          <Panel id="catalog-count" title={list.length === 1 ? '1 product' : `${list.length} products`}>
            <ProductPriceTable products={list} />
          </Panel>
        )}
      </QueryState>
    </>
  );
}
