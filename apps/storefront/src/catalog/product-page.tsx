import type { Product } from '@storepay/payments-core';
import { Link, useParams } from 'react-router';
import { Loaded } from '../app/loaded';
import { PageStatus } from '../app/page-states';
import { AddToCartButton } from '../cart/add-to-cart-button';
import { useCurrency } from '../currency/currency-context';
import { currencyLabel, formatPrice } from '../currency/storefront-currencies';
import { useProducts } from './catalog-api';
import { currenciesWithOffers, priceIn } from './pricing';
import { ProductImage } from './product-image';
import { SwitchCurrencyOffer } from './switch-currency-offer';

export function ProductPage() {
  const { slug } = useParams();
  const products = useProducts();
  return (
    <Loaded resource={products} loadingLabel="Loading product…" errorTitle="We couldn't load this product">
      {(products) => {
        // The API contract has the catalog list only (GET /api/products); the product is found by its slug there.
        const product = products.find((candidate) => candidate.slug === slug);
        return product ? <ProductDetail product={product} /> : <ProductNotFound />;
      }}
    </Loaded>
  );
}

function ProductDetail({ product }: { product: Product }) {
  const { currency, currencies } = useCurrency();
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
            <>
              <p className="product-detail__price">
                <span className="visually-hidden">Price: </span>
                {formatPrice(price)}
              </p>
              <AddToCartButton product={product} />
            </>
          ) : (
            <div className="notice">
              <p>This product has no price in {currencyLabel(currency)}.</p>
              <SwitchCurrencyOffer currencies={currenciesWithOffers([product], currencies)} />
            </div>
          )}
          <p className="product-detail__description">{product.description}</p>
        </div>
      </article>
    </>
  );
}

function ProductNotFound() {
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
