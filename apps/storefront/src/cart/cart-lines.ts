import { money, multiplyMoney, sumMoney, type Money, type Product } from '@storepay/payments-core';
import { priceIn } from '../catalog/pricing';
import type { StorefrontCurrency } from '../currency/storefront-currencies';
import type { CartLine } from './cart-storage';

/** One cart line as the shopper sees it in a currency. */
export type CartEntry =
  | { kind: 'priced'; product: Product; quantity: number; unitPrice: Money; lineTotal: Money }
  /** The product has no price in this currency: shown, flagged, and left out of the checkout. */
  | { kind: 'unpriced'; product: Product; quantity: number }
  /** The catalog no longer has the product. */
  | { kind: 'unavailable'; productId: string; quantity: number };

export interface CartSummary {
  entries: CartEntry[];
  /** What a checkout in this currency would order: ids and quantities only. */
  checkoutItems: Array<{ productId: string; quantity: number }>;
  /** Items that can be checked out (sum of their quantities). */
  checkoutCount: number;
  /** The display total of the checkout items. The server prices the order; this is only what the shopper expects. */
  total: Money;
}

/** Resolves the cart against the catalog in one currency, with payments-core's money arithmetic. */
export function summarizeCart(
  lines: readonly CartLine[],
  products: readonly Product[],
  currency: StorefrontCurrency,
): CartSummary {
  const byId = new Map(products.map((product) => [product.id, product]));
  const entries = lines.map((line): CartEntry => {
    const product = byId.get(line.productId);
    if (!product) return { kind: 'unavailable', productId: line.productId, quantity: line.quantity };
    const price = priceIn(product, currency);
    if (!price) return { kind: 'unpriced', product, quantity: line.quantity };
    const unitPrice = money(price.unitAmount, price.currency);
    return {
      kind: 'priced',
      product,
      quantity: line.quantity,
      unitPrice,
      lineTotal: multiplyMoney(unitPrice, line.quantity),
    };
  });
  const priced = entries.filter((entry) => entry.kind === 'priced');
  return {
    entries,
    checkoutItems: priced.map((entry) => ({ productId: entry.product.id, quantity: entry.quantity })),
    checkoutCount: priced.reduce((count, entry) => count + entry.quantity, 0),
    total: sumMoney(
      priced.map((entry) => entry.lineTotal),
      currency,
    ),
  };
}
