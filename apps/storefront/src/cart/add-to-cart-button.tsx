import type { Product } from '@storepay/payments-core';
import { useState } from 'react';
import { useCart } from './cart-context';
import { MAX_CART_LINES, MAX_CART_QUANTITY, type AddResult } from './cart-storage';

/**
 * "Add to cart" for one product. Its accessible name includes the product ("Add Linen tote to cart"), so a list of
 * them stays unambiguous for screen readers (and tests); the outcome is announced in a status region next to it.
 */
export function AddToCartButton({ product, className }: { product: Pick<Product, 'id' | 'name'>; className?: string }) {
  const { add, lines } = useCart();
  const [outcome, setOutcome] = useState<AddResult | null>(null);
  const inCart = lines.find((line) => line.productId === product.id)?.quantity ?? 0;

  return (
    <div className={['add-to-cart', className].filter(Boolean).join(' ')}>
      <button type="button" className="button add-to-cart__button" onClick={() => setOutcome(add(product.id))}>
        Add<span className="visually-hidden"> {product.name}</span> to cart
      </button>
      <p className="add-to-cart__status" role="status">
        {outcome === null || (outcome === 'added' && inCart === 0) ? null : outcomeMessage(outcome, inCart)}
      </p>
    </div>
  );
}

function outcomeMessage(outcome: AddResult, inCart: number): string {
  switch (outcome) {
    case 'added':
      return `Added · ${inCart} in your cart`;
    case 'at-max-quantity':
      return `You already have the most we sell at once (${MAX_CART_QUANTITY}).`;
    case 'cart-full':
      return `Your cart is full (${MAX_CART_LINES} products). Check out or remove something first.`;
  }
}
