import { productListSchema, type Product } from '@storepay/payments-core';
import { getJson, type RequestOptions } from '../api/api-client';
import { useResource } from '../api/use-resource';

/** GET /api/products: every product with its prices (integer minor units per currency). */
export async function fetchProducts(options?: RequestOptions): Promise<Product[]> {
  const { products } = await getJson('/api/products', productListSchema, options);
  return products;
}

/** The catalog, loaded when the page mounts. */
export function useProducts() {
  return useResource('products', (signal) => fetchProducts({ signal }));
}
