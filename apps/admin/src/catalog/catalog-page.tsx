import { useQuery } from '@tanstack/react-query';
import { EmptyState, PageHeader, QueryError, QueryLoading } from '../app/page-states';
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

      {products.isPending ? (
        <QueryLoading label="Loading products…" />
      ) : products.isError ? (
        <QueryError
          title="Couldn't load the catalog"
          error={products.error}
          retrying={products.isFetching}
          onRetry={() => void products.refetch()}
        />
      ) : products.data.length === 0 ? (
        <EmptyState title="No products yet">
          <p>GET /api/products returned an empty catalog. Products appear here once they exist in the database.</p>
        </EmptyState>
      ) : (
        <section aria-labelledby="catalog-count" className="panel">
          <h2 id="catalog-count" className="panel__title">
            {products.data.length === 1 ? '1 product' : `${products.data.length} products`}
          </h2>
          <ProductPriceTable products={products.data} />
        </section>
      )}
    </>
  );
}
