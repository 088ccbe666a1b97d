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
