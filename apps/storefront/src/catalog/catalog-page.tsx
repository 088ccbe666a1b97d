import { useStore } from '@nanostores/react';
import { count, params } from '@nanostores/i18n';
import type { Product } from '@storepay/payments-core';
import { Loaded } from '../app/loaded';
import { DocumentTitle, messages as pageMessages, PageStatus } from '../app/page-states';
import { useCurrency } from '../currency/currency-context';
import { currencyLabel } from '../currency/storefront-currencies';
import { i18n } from '../i18n/i18n';
import { useProducts } from './catalog-api';
import { currenciesWithOffers, offersIn } from './pricing';
import { ProductCard } from './product-card';
import { SwitchCurrencyOffer } from './switch-currency-offer';

export const messages = i18n('catalog', {
  title: 'Catalog',
  loadFailed: "We couldn't load the catalog",
  summary: params<{ currency: string }>(
    count({ one: '{count} product · prices in {currency}', other: '{count} products · prices in {currency}' }),
  ),
  productsPricedIn: params('Products priced in {currency}'),
  empty: 'No products yet',
  emptyBody: 'The catalog is empty right now. Products appear here as soon as the shop adds them.',
  nothingPricedIn: params('Nothing is priced in {currency} yet'),
  otherCurrencies: 'Products are available in other currencies.',
  noPriceAnywhere: params('None of the products has a price in {currencies} yet.'),
});

export function CatalogPage() {
  const products = useProducts();
  const t = useStore(messages);
  const pages = useStore(pageMessages);
  return (
    <Loaded resource={products} loadingLabel={pages.loadingProducts} errorTitle={t.loadFailed}>
      {(products) => <Catalog products={products} />}
    </Loaded>
  );
}

function Catalog({ products }: { products: readonly Product[] }) {
  const t = useStore(messages);
  const { currency } = useCurrency();
  const offers = offersIn(products, currency);
  const label = currencyLabel(currency);

  return (
    <>
      <DocumentTitle page={t.title} />
      <div className="page-heading">
        <h1>{t.title}</h1>
        <p className="page-heading__meta" aria-live="polite">
          {t.summary({ currency: label })(offers.length)}
        </p>
      </div>

      {products.length === 0 ? (
        <PageStatus title={t.empty}>
          <p>{t.emptyBody}</p>
        </PageStatus>
      ) : offers.length === 0 ? (
        <CurrencyEmptyState products={products} currencyLabel={label} />
      ) : (
        <ul className="product-grid" aria-label={t.productsPricedIn({ currency: label })}>
          {offers.map(({ product, price }) => (
            <li key={product.id}>
              <ProductCard product={product} price={price} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function CurrencyEmptyState({
  products,
  currencyLabel: label,
}: {
  products: readonly Product[];
  currencyLabel: string;
}) {
  const t = useStore(messages);
  const { currencies } = useCurrency();
  const available = currenciesWithOffers(products, currencies);
  return (
    <PageStatus title={t.nothingPricedIn({ currency: label })}>
      {available.length > 0 ? (
        <>
          <p>{t.otherCurrencies}</p>
          <SwitchCurrencyOffer currencies={available} />
        </>
      ) : (
        <p>{t.noPriceAnywhere({ currencies: currencies.map(currencyLabel).join(', ') })}</p>
      )}
    </PageStatus>
  );
}
