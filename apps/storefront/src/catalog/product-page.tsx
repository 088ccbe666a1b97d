import { useStore } from '@nanostores/react';
import type { Product } from '@storepay/payments-core';
import { Link, useParams } from 'react-router';
import { Loaded } from '../app/loaded';
import { DocumentTitle, messages as pageMessages, PageStatus } from '../app/page-states';
import { AddToCartButton } from '../cart/add-to-cart-button';
import { useCurrency } from '../currency/currency-context';
import { currencyLabel } from '../currency/storefront-currencies';
import { useFormats } from '../i18n/format';
import { useProducts } from './catalog-api';
import { currenciesWithOffers, priceIn } from './pricing';
import { messages } from './product-card';
import { ProductImage } from './product-image';
import { SwitchCurrencyOffer } from './switch-currency-offer';

export function ProductPage() {
  const { slug } = useParams();
  const products = useProducts();
  const t = useStore(messages);
  const pages = useStore(pageMessages);
  return (
    <Loaded resource={products} loadingLabel={pages.loadingProduct} errorTitle={t.loadFailed}>
      {(products) => {
        // The API contract has the catalog list only (GET /api/products); the product is found by its slug there.
        const product = products.find((candidate) => candidate.slug === slug);
        return product ? <ProductDetail product={product} /> : <ProductNotFound />;
      }}
    </Loaded>
  );
}

function ProductDetail({ product }: { product: Product }) {
  const t = useStore(messages);
  const format = useFormats();
  const { currency, currencies } = useCurrency();
  const price = priceIn(product, currency);

  return (
    <>
      <DocumentTitle page={product.name} />
      <nav aria-label={t.breadcrumb} className="breadcrumb">
        <ol>
          <li>
            <Link to="/">{t.catalog}</Link>
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
                <span className="visually-hidden">{t.price} </span>
                {format.price(price)}
              </p>
              <AddToCartButton product={product} />
            </>
          ) : (
            <div className="notice">
              <p>{t.noPriceIn({ currency: currencyLabel(currency) })}</p>
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
  const t = useStore(messages);
  return (
    <PageStatus title={t.notFound} headingLevel={1}>
      <DocumentTitle page={t.notFound} />
      <p>{t.notFoundBody}</p>
      <Link to="/" className="button">
        {t.browseCatalog}
      </Link>
    </PageStatus>
  );
}
