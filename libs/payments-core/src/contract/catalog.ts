import { z } from 'zod';
import { CURRENCY_CODES, type CurrencyCode } from '../money/currency';

/** Response schemas shared by the API (serialisation) and the web apps (parsing). */
export const currencySchema = z.enum(CURRENCY_CODES as [CurrencyCode, ...CurrencyCode[]]);

export const productPriceSchema = z.object({
  currency: currencySchema,
  unitAmount: z.number().int().nonnegative(),
});

export const productSchema = z.object({
  id: z.string().uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  imageUrl: z.string().nullable(),
  prices: z.array(productPriceSchema),
});

export const productListSchema = z.object({ products: z.array(productSchema) });

export type ProductPrice = z.infer<typeof productPriceSchema>;
export type Product = z.infer<typeof productSchema>;
export type ProductList = z.infer<typeof productListSchema>;

/** The error envelope every API error uses. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
