import type { Product, ProductPrice } from '@storepay/payments-core';
import { Link } from 'react-router';
import { AddToCartButton } from '../cart/add-to-cart-button';
import { formatPrice } from '../currency/storefront-currencies';
import { ProductImage } from './product-image';

export function productPath(product: Pick<Product, 'slug'>): string {
  return `/products/${encodeURIComponent(product.slug)}`;
}

export function ProductCard({ product, price }: { product: Product; price: ProductPrice }) {
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
          <span className="visually-hidden">Price: </span>
          {formatPrice(price)}
        </p>
        <AddToCartButton product={product} className="product-card__add" />
      </div>
    </article>
  );
}
