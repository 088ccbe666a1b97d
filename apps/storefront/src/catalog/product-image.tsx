import type { Product } from '@storepay/payments-core';

/** The product photo, or a neutral tile with its initial when it has none. Decorative: the name is next to it. */
export function ProductImage({ product, className }: { product: Product; className?: string }) {
  const classes = ['product-image', className].filter(Boolean).join(' ');
  if (product.imageUrl) {
    return <img className={classes} src={product.imageUrl} alt="" loading="lazy" decoding="async" />;
  }
  return (
    <div className={`${classes} product-image--placeholder`} aria-hidden="true">
      {product.name.trim().charAt(0).toUpperCase()}
    </div>
  );
}
