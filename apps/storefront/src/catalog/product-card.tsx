import { useStore } from '@nanostores/react';
import type { Product, ProductPrice } from '@storepay/payments-core';
import { params } from '@nanostores/i18n';
import { Link } from 'react-router';
import { AddToCartButton } from '../cart/add-to-cart-button';
import { useFormats } from '../i18n/format';
import { i18n } from '../i18n/i18n';
import { ProductImage } from './product-image';

export const messages = i18n('product', {
  price: 'Price:',
  noPriceIn: params('This product has no price in {currency}.'),
  notFound: 'Product not found',
  notFoundBody: "This product doesn't exist or is no longer sold.",
  loadFailed: "We couldn't load this product",
  breadcrumb: 'Breadcrumb',
  catalog: 'Catalog',
  browseCatalog: 'Browse the catalog',
});

export function productPath(product: Pick<Product, 'slug'>): string {
  return `/products/${encodeURIComponent(product.slug)}`;
}

export function ProductCard({ product, price }: { product: Product; price: ProductPrice }) {
  const t = useStore(messages);
  const format = useFormats();
  return (
    <article className="product-card">
      <ProductImage product={product} className="product-card__image" />
      <div className="product-card__body">
        <h2 className="product-card__name">
          {/* The link covers the whole card (see .product-card__link::after). */}
          <Link to={productPath(product)} className="product-card__link">
            {product.name}
          </Link>
        </h2>
        <p className="product-card__description">{product.description}</p>
        <p className="product-card__price">
          <span className="visually-hidden">{t.price} </span>
          {format.price(price)}
        </p>
        <AddToCartButton product={product} className="product-card__add" />
      </div>
    </article>
  );
}
