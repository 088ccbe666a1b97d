import { useStore } from '@nanostores/react';
import { params } from '@nanostores/i18n';
import type { Product } from '@storepay/payments-core';
import { useState } from 'react';
import { i18n } from '../i18n/i18n';
import { useCart } from './cart-context';
import { MAX_CART_LINES, MAX_CART_QUANTITY, type AddResult } from './cart-storage';

export const messages = i18n('addToCart', {
  /**
   * The button's name with the product in it, so a list of them stays unambiguous ("Add to cart: Linen tote"); it
   * starts with the words the button shows, so people who speak to their computer can say them.
   */
  add: params('Add to cart: {product}'),
  /** What the button shows: the product is read from the card around it. */
  addShort: 'Add to cart',
  added: params('Added · {count} in your cart'),
  atMax: params('You already have the most we sell at once ({max}).'),
  cartFull: params('Your cart is full ({max} products). Check out or remove something first.'),
});

/**
 * "Add to cart" for one product. Its accessible name includes the product ("Add to cart: Linen tote"), so a list of
 * them stays unambiguous for screen readers (and tests); the outcome is announced in a status region next to it.
 */
export function AddToCartButton({ product, className }: { product: Pick<Product, 'id' | 'name'>; className?: string }) {
  const t = useStore(messages);
  const { add, lines } = useCart();
  const [outcome, setOutcome] = useState<AddResult | null>(null);
  const inCart = lines.find((line) => line.productId === product.id)?.quantity ?? 0;

  function outcomeMessage(result: AddResult): string {
    switch (result) {
      case 'added':
        return t.added({ count: String(inCart) });
      case 'at-max-quantity':
        return t.atMax({ max: String(MAX_CART_QUANTITY) });
      case 'cart-full':
        return t.cartFull({ max: String(MAX_CART_LINES) });
    }
  }

  return (
    <div className={['add-to-cart', className].filter(Boolean).join(' ')}>
      <button
        type="button"
        className="button add-to-cart__button"
        aria-label={t.add({ product: product.name })}
        onClick={() => setOutcome(add(product.id))}
      >
        {t.addShort}
      </button>
      <p className="add-to-cart__status" role="status">
        {outcome === null || (outcome === 'added' && inCart === 0) ? null : outcomeMessage(outcome)}
      </p>
    </div>
  );
}
