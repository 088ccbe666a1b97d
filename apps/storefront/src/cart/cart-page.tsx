import { useStore } from '@nanostores/react';
import { count, params } from '@nanostores/i18n';
import type { Product } from '@storepay/payments-core';
import { Link } from 'react-router';
import { Loaded } from '../app/loaded';
import { DocumentTitle, messages as pageMessages, PageStatus } from '../app/page-states';
import { useProducts } from '../catalog/catalog-api';
import { productPath } from '../catalog/product-card';
import { useCurrency } from '../currency/currency-context';
import { currencyLabel } from '../currency/storefront-currencies';
import { useFormats } from '../i18n/format';
import { i18n } from '../i18n/i18n';
import { useCart } from './cart-context';
import { summarizeCart, type CartEntry } from './cart-lines';
import { QuantityControl } from './quantity-control';

export const messages = i18n('cart', {
  documentTitle: 'Cart',
  title: 'Your cart',
  loadFailed: "We couldn't load your cart",
  items: count({ one: '{count} item', other: '{count} items' }),
  empty: 'Your cart is empty',
  emptyBody: 'Add something from the catalog and it will wait for you here.',
  browseCatalog: 'Browse the catalog',
  linesLabel: 'Items in your cart',
  summary: 'Summary',
  itemsTerm: 'Items',
  total: 'Total',
  excluded: params<{ currency: string }>(
    count({
      one: "{count} item can't be bought in {currency} and won't be part of this order.",
      other: "{count} items can't be bought in {currency} and won't be part of this order.",
    }),
  ),
  pricesIn: params('Prices in {currency}. The final amount is confirmed at checkout.'),
  checkOut: 'Check out',
  nothingBuyable: params(
    'Nothing in your cart can be bought in {currency}. Choose another currency or add other products.',
  ),
  unavailable: 'Unavailable product',
  unavailableBody: "This product is no longer sold and won't be part of your order.",
  removeUnavailable: 'Remove unavailable product',
  each: params('{price} each'),
  notIn: params("Not available in {currency}: it won't be part of your order unless you switch currency."),
  subtotal: params('Subtotal for {product}:'),
  remove: 'Remove',
  removeProduct: params('Remove {product} from cart'),
});

export function CartPage() {
  // Names and prices come from the catalog; the cart itself holds only ids and quantities.
  const products = useProducts();
  const t = useStore(messages);
  const pages = useStore(pageMessages);
  return (
    <Loaded resource={products} loadingLabel={pages.loadingCart} errorTitle={t.loadFailed}>
      {(loaded) => <Cart products={loaded} />}
    </Loaded>
  );
}

function Cart({ products }: { products: readonly Product[] }) {
  const t = useStore(messages);
  const format = useFormats();
  const { lines, count: itemCount, setQuantity, remove } = useCart();
  const { currency } = useCurrency();
  const label = currencyLabel(currency);
  const summary = summarizeCart(lines, products, currency);
  const excludedCount = itemCount - summary.checkoutCount;

  return (
    <>
      <DocumentTitle page={t.documentTitle} />
      <div className="page-heading">
        <h1>{t.title}</h1>
        {lines.length > 0 ? <p className="page-heading__meta">{t.items(itemCount)}</p> : null}
      </div>

      {lines.length === 0 ? (
        <PageStatus title={t.empty}>
          <p>{t.emptyBody}</p>
          <Link to="/" className="button">
            {t.browseCatalog}
          </Link>
        </PageStatus>
      ) : (
        <div className="cart-layout">
          <ul className="cart-lines" aria-label={t.linesLabel}>
            {summary.entries.map((entry) => (
              <li key={entryKey(entry)} className="cart-line" data-kind={entry.kind}>
                <CartLineRow
                  entry={entry}
                  currencyLabel={label}
                  onQuantity={(quantity) => setQuantity(entryKey(entry), quantity)}
                  onRemove={() => remove(entryKey(entry))}
                />
              </li>
            ))}
          </ul>

          <section className="cart-summary" aria-labelledby="cart-summary-heading">
            <h2 id="cart-summary-heading">{t.summary}</h2>
            <dl className="summary-list">
              <div>
                <dt>{t.itemsTerm}</dt>
                <dd>{format.number(summary.checkoutCount)}</dd>
              </div>
              <div className="summary-list__total">
                <dt>{t.total}</dt>
                <dd>{format.amount(summary.total)}</dd>
              </div>
            </dl>
            {excludedCount > 0 ? (
              <p className="notice notice--warning">{t.excluded({ currency: label })(excludedCount)}</p>
            ) : null}
            <p className="muted">{t.pricesIn({ currency: label })}</p>
            {summary.checkoutCount > 0 ? (
              <Link to="/checkout" className="button button--block">
                {t.checkOut}
              </Link>
            ) : (
              <p>{t.nothingBuyable({ currency: label })}</p>
            )}
          </section>
        </div>
      )}
    </>
  );
}

function entryKey(entry: CartEntry): string {
  return entry.kind === 'unavailable' ? entry.productId : entry.product.id;
}

interface CartLineRowProps {
  entry: CartEntry;
  currencyLabel: string;
  onQuantity: (quantity: number) => void;
  onRemove: () => void;
}

function CartLineRow({ entry, currencyLabel: label, onQuantity, onRemove }: CartLineRowProps) {
  const t = useStore(messages);
  const format = useFormats();
  if (entry.kind === 'unavailable') {
    return (
      <>
        <div className="cart-line__info">
          <h2 className="cart-line__name">{t.unavailable}</h2>
          <p className="cart-line__flag">{t.unavailableBody}</p>
        </div>
        <button
          type="button"
          className="button button--secondary button--small"
          aria-label={t.removeUnavailable}
          onClick={onRemove}
        >
          {t.remove}
        </button>
      </>
    );
  }
  const { product, quantity } = entry;
  return (
    <>
      <div className="cart-line__info">
        <h2 className="cart-line__name">
          <Link to={productPath(product)}>{product.name}</Link>
        </h2>
        {entry.kind === 'priced' ? (
          <p className="cart-line__unit">{t.each({ price: format.amount(entry.unitPrice) })}</p>
        ) : (
          <p className="cart-line__flag">{t.notIn({ currency: label })}</p>
        )}
      </div>
      <QuantityControl name={product.name} quantity={quantity} onChange={onQuantity} />
      <p className="cart-line__total">
        {entry.kind === 'priced' ? (
          <>
            <span className="visually-hidden">{t.subtotal({ product: product.name })} </span>
            {format.amount(entry.lineTotal)}
          </>
        ) : null}
      </p>
      <button
        type="button"
        className="button button--secondary button--small"
        aria-label={t.removeProduct({ product: product.name })}
        onClick={onRemove}
      >
        {t.remove}
      </button>
    </>
  );
}
