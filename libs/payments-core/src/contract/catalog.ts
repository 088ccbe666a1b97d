// Schemas use zod/mini: the browser bundles parse with them, and mini tree-shakes to a fraction of classic zod.
import { z } from 'zod/mini';
import { CURRENCY_CODES, type CurrencyCode } from '../money/currency';

/** Response schemas shared by the API (serialisation) and the web apps (parsing). */
export const currencySchema = z.enum(CURRENCY_CODES as [CurrencyCode, ...CurrencyCode[]]);

/** Integer minor units, never negative. */
export const minorUnitsSchema = z.int().check(z.nonnegative());

export const productPriceSchema = z.object({
  currency: currencySchema,
  unitAmount: minorUnitsSchema,
});

export const productSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  imageUrl: z.nullable(z.string()),
  prices: z.array(productPriceSchema),
});

export const productListSchema = z.object({ products: z.array(productSchema) });

export type ProductPrice = z.infer<typeof productPriceSchema>;
export type Product = z.infer<typeof productSchema>;

/** A product as staff manage it: inactive ones too (the shop lists only active ones). */
export const adminProductSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  imageUrl: z.nullable(z.string()),
  active: z.boolean(),
  prices: z.array(productPriceSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AdminProduct = z.infer<typeof adminProductSchema>;
export const adminProductListSchema = z.object({ products: z.array(adminProductSchema) });

/** A unit price in a currency's minor units (the admin converts what staff type with the currency's exponent). */
const unitAmountField = z
  .int({ error: 'must be a whole number of minor units' })
  .check(
    z.positive({ error: 'must be more than 0' }),
    z.maximum(99_999_999, { error: 'must be at most 99999999 minor units (Stripe’s limit)' }),
  );

/** Prices by lower-case currency code: a number sets the price, null removes it (on an update). */
const pricesField = z.partialRecord(currencySchema, z.nullable(unitAmountField), {
  error: 'must map currency codes (usd, jpy, …) to unit amounts',
});

const textField = (max: number) =>
  z
    .string({ error: 'is required' })
    .check(
      z.trim(),
      z.minLength(1, { error: 'is required' }),
      z.maxLength(max, { error: `at most ${max} characters` }),
    );

const imageUrlField = z.nullable(
  z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).check(z.maxLength(2000, { error: 'is too long' })),
);

/** POST /api/admin/products. */
export const createProductSchema = z.object({
  slug: z
    .string({ error: 'is required' })
    .check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'must be lower-case letters, digits and dashes' }))
    .check(z.maxLength(80, { error: 'at most 80 characters' })),
  name: textField(200),
  description: textField(2000),
  imageUrl: z.optional(imageUrlField),
  prices: pricesField,
});
export type CreateProductRequest = z.infer<typeof createProductSchema>;

/** PATCH /api/admin/products/:id: only what changes. */
export const updateProductSchema = z.object({
  name: z.optional(textField(200)),
  description: z.optional(textField(2000)),
  imageUrl: z.optional(imageUrlField),
  active: z.optional(z.boolean({ error: 'must be true or false' })),
  prices: z.optional(pricesField),
});
export type UpdateProductRequest = z.infer<typeof updateProductSchema>;
