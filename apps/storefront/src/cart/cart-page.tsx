import type { Product } from '@storepay/payments-core';
import { Link } from 'react-router';
import { Loaded } from '../app/loaded';
import { PageStatus } from '../app/page-states';
import { useProducts } from '../catalog/catalog-api';
import { productPath } from '../catalog/product-card';
import { useCurrency } from '../currency/currency-context';
import { currencyLabel, formatAmount } from '../currency/storefront-currencies';
import { useCart } from './cart-context';
import { summarizeCart, type CartEntry } from './cart-lines';
import { QuantityControl } from './quantity-control';

const itemsLabel = (count: number) => (count === 1 ? '1 item' : `${count} items`);

export function CartPage() {
  // Names and prices come from the catalog; the cart itself holds only ids and quantities.
  const products = useProducts();
  return (
    <Loaded resource={products} loadingLabel="Loading your cart…" errorTitle="We couldn't load your cart">
      {(loaded) => <Cart products={loaded} />}
    </Loaded>
  );
}

function Cart({ products }: { products: readonly Product[] }) {
  const { lines, count, setQuantity, remove } = useCart();
  const { currency } = useCurrency();
  const label = currencyLabel(currency);
  const summary = summarizeCart(lines, products, currency);
  const excludedCount = count - summary.checkoutCount;

  return (
    <>
      <title>Cart · Storepay shop</title>
      <div className="page-heading">
        <h1>Your cart</h1>
        {lines.length > 0 ? <p className="page-heading__meta">{itemsLabel(count)}</p> : null}
      </div>

      {lines.length === 0 ? (
        <PageStatus title="Your cart is empty">
          <p>Add something from the catalog and it will wait for you here.</p>
          <Link to="/" className="button">
            Browse the catalog
          </Link>
        </PageStatus>
      ) : (
        <div className="cart-layout">
          <ul className="cart-lines" aria-label="Items in your cart">
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
            <h2 id="cart-summary-heading">Summary</h2>
            <dl className="summary-list">
              <div>
                <dt>Items</dt>
                <dd>{summary.checkoutCount}</dd>
              </div>
              <div className="summary-list__total">
                <dt>Total</dt>
                <dd>{formatAmount(summary.total)}</dd>
              </div>
            </dl>
            {excludedCount > 0 ? (
              <p className="notice notice--warning">
                {itemsLabel(excludedCount)} can't be bought in {label} and won't be part of this order.
              </p>
            ) : null}
            <p className="muted">Prices in {label}. The final amount is confirmed at checkout.</p>
            {summary.checkoutCount > 0 ? (
              <Link to="/checkout" className="button button--block">
                Check out
              </Link>
            ) : (
              <p>Nothing in your cart can be bought in {label}. Choose another currency or add other products.</p>
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
  if (entry.kind === 'unavailable') {
    return (
      <>
        <div className="cart-line__info">
          <h2 className="cart-line__name">Unavailable product</h2>
          <p className="cart-line__flag">This product is no longer sold and won't be part of your order.</p>
        </div>
        <button type="button" className="button button--secondary button--small" onClick={onRemove}>
          Remove<span className="visually-hidden"> unavailable product</span>
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
          <p className="cart-line__unit">{formatAmount(entry.unitPrice)} each</p>
        ) : (
          <p className="cart-line__flag">
            Not available in {label}: it won't be part of your order unless you switch currency.
          </p>
        )}
      </div>
      <QuantityControl name={product.name} quantity={quantity} onChange={onQuantity} />
      <p className="cart-line__total">
        {entry.kind === 'priced' ? (
          <>
            <span className="visually-hidden">Subtotal for {product.name}: </span>
            {formatAmount(entry.lineTotal)}
          </>
        ) : null}
      </p>
      <button type="button" className="button button--secondary button--small" onClick={onRemove}>
        Remove<span className="visually-hidden"> {product.name} from cart</span>
      </button>
    </>
  );
}
