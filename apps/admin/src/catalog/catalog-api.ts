import {
  adminProductListSchema,
  adminProductSchema,
  type AdminProduct,
  type CreateProductRequest,
  type UpdateProductRequest,
} from '@storepay/payments-core';
import { getJson, sendJson, type RequestOptions } from '../api/api-client';

/**
 * GET /api/admin/products: every product, inactive ones too (the shop's GET /api/products lists only active ones),
 * with its prices (integer minor units per currency).
 */
export async function fetchProducts(options?: RequestOptions): Promise<AdminProduct[]> {
  const { products } = await getJson('/api/admin/products', adminProductListSchema, options);
  return products;
}

/** POST /api/admin/products (admin): 409 `slug_taken` and 400 `validation_failed` name their fields. */
export function createProduct(request: CreateProductRequest): Promise<AdminProduct> {
  return sendJson('POST', '/api/admin/products', request, adminProductSchema);
}

/** PATCH /api/admin/products/:id (admin): only what changes; a price set to null is removed. */
export function updateProduct(id: string, changes: UpdateProductRequest): Promise<AdminProduct> {
  return sendJson('PATCH', `/api/admin/products/${encodeURIComponent(id)}`, changes, adminProductSchema);
}
