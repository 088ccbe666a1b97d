import { data, isRouteErrorResponse, Link, useLoaderData, useRouteError, type LoaderFunctionArgs } from 'react-router';
import { LoadError, PageLoading, PageStatus } from '../app/page-states';
import { useCurrency } from '../currency/currency-context';
import { currencyLabel, formatPrice } from '../currency/storefront-currencies';
import { fetchProducts } from './catalog-api';
import { currenciesWithOffers, priceIn } from './pricing';
import { ProductImage } from './product-image';
import { SwitchCurrencyOffer } from './switch-currency-offer';

export async function productLoader({ params, request }: LoaderFunctionArgs) {
  // The API contract has the catalog list only (GET /api/products); the product is found by its slug there.
  const products = await fetchProducts({ signal: request.signal });
  const product = products.find((candidate) => candidate.slug === params['slug']);
  if (!product) throw data(null, { status: 404, statusText: 'Product not found' });
  return { product };
}

export function ProductPage() {
  const { product } = useLoaderData<typeof productLoader>();
  const { currency } = useCurrency();
  const price = priceIn(product, currency);

  return (
    <>
      <title>{`${product.name} · Storepay shop`}</title>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/">Catalog</Link>
          </li>
          <li aria-current="page">{product.name}</li>
        </ol>
      </nav>
      <article className="product-detail">
        <ProductImage product={product} className="product-detail__image" />
        <div className="product-detail__info">
          <h1>{product.name}</h1>
          {price ? (
            <p className="product-detail__price">
              <span className="visually-hidden">Price: </span>
              {formatPrice(price)}
            </p>
          ) : (
            <div className="notice">
              <p>This product has no price in {currencyLabel(currency)}.</p>
              <SwitchCurrencyOffer currencies={currenciesWithOffers([product])} />
            </div>
          )}
          <p className="product-detail__description">{product.description}</p>
        </div>
      </article>
    </>
  );
}

export function ProductLoading() {
  return <PageLoading label="Loading product…" />;
}

export function ProductErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <PageStatus title="Product not found" headingLevel={1}>
        <title>Product not found · Storepay shop</title>
        <p>This product doesn't exist or is no longer sold.</p>
        <Link to="/" className="button">
          Browse the catalog
        </Link>
      </PageStatus>
    );
  }
  return <LoadError title="We couldn't load this product" />;
}
