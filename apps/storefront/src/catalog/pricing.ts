import type { Product, ProductPrice } from '@storepay/payments-core';
import type { StorefrontCurrency } from '../currency/storefront-currencies';

export function priceIn(product: Product, currency: StorefrontCurrency): ProductPrice | undefined {
  return product.prices.find((price) => price.currency === currency);
}

export interface Offer {
  product: Product;
  price: ProductPrice;
}

/** The products sold in a currency, each with its price there, in catalog order. */
export function offersIn(products: readonly Product[], currency: StorefrontCurrency): Offer[] {
  return products.flatMap((product) => {
    const price = priceIn(product, currency);
    return price ? [{ product, price }] : [];
  });
}

/** The offered currencies in which at least one of these products has a price. */
export function currenciesWithOffers(
  products: readonly Product[],
  offered: readonly StorefrontCurrency[],
): StorefrontCurrency[] {
  return offered.filter((currency) => products.some((product) => priceIn(product, currency)));
}
