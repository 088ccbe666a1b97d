import type { Product } from '@storepay/payments-core';
import { Loaded } from '../app/loaded';
import { PageStatus } from '../app/page-states';
import { useCurrency } from '../currency/currency-context';
import { currencyLabel } from '../currency/storefront-currencies';
import { useProducts } from './catalog-api';
import { currenciesWithOffers, offersIn } from './pricing';
import { ProductCard } from './product-card';
import { SwitchCurrencyOffer } from './switch-currency-offer';

export function CatalogPage() {
  const products = useProducts();
  return (
    <Loaded resource={products} loadingLabel="Loading products…" errorTitle="We couldn't load the catalog">
      {(products) => <Catalog products={products} />}
    </Loaded>
  );
}

function Catalog({ products }: { products: readonly Product[] }) {
  const { currency } = useCurrency();
  const offers = offersIn(products, currency);
  const label = currencyLabel(currency);

  return (
    <>
      <title>Catalog · Storepay shop</title>
      <div className="page-heading">
        <h1>Catalog</h1>
        <p className="page-heading__meta" aria-live="polite">
          {offers.length === 1 ? '1 product' : `${offers.length} products`} · prices in {label}
        </p>
      </div>

      {products.length === 0 ? (
        <PageStatus title="No products yet">
          <p>The catalog is empty right now. Products appear here as soon as the shop adds them.</p>
        </PageStatus>
      ) : offers.length === 0 ? (
        <CurrencyEmptyState products={products} currencyLabel={label} />
      ) : (
        <ul className="product-grid" aria-label={`Products priced in ${label}`}>
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
  const { currencies } = useCurrency();
  const available = currenciesWithOffers(products, currencies);
  return (
    <PageStatus title={`Nothing is priced in ${label} yet`}>
      {available.length > 0 ? (
        <>
          <p>Products are available in other currencies.</p>
          <SwitchCurrencyOffer currencies={available} />
        </>
      ) : (
        <p>None of the products has a price in {currencies.map(currencyLabel).join(', ')} yet.</p>
      )}
    </PageStatus>
  );
}
