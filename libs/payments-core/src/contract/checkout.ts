import { z } from 'zod/mini';
import { SHOP_LOCALES } from '../domain/locale';
import { ORDER_STATUSES } from '../domain/order-status';
import { currencySchema, minorUnitsSchema } from './catalog';

/** Most items of one product in one order. */
export const MAX_QUANTITY = 99;
/** Most distinct lines in one order. */
export const MAX_ORDER_LINES = 50;

/**
 * POST /api/checkout. Only product ids and quantities: the server prices the order, and any price the client
 * might send is not part of the contract (unknown keys are dropped).
 */
export const checkoutRequestSchema = z.object({
  items: z
    .array(
      z.object({
        productId: z.uuid({ error: 'must be a product id' }),
        quantity: z
          .int({ error: 'must be a whole number' })
          .check(
            z.gte(1, { error: 'must be at least 1' }),
            z.lte(MAX_QUANTITY, { error: `must be at most ${MAX_QUANTITY}` }),
          ),
      }),
    )
    .check(
      z.minLength(1, { error: 'the cart is empty' }),
      z.maxLength(MAX_ORDER_LINES, { error: `at most ${MAX_ORDER_LINES} different products per order` }),
    ),
  currency: z.pipe(
    z.string({ error: 'must be a currency code' }).check(z.toLowerCase()),
    z.enum(currencySchema.options, { error: 'is not a currency we sell in' }),
  ),
  email: z.email({ error: 'must be an email address' }).check(z.maxLength(254, { error: 'is too long' })),
  /** The shopper's language: the order's emails are written in it. English when absent. */
  locale: z.optional(z.enum(SHOP_LOCALES, { error: `must be one of ${SHOP_LOCALES.join(', ')}` })),
});
export type CheckoutRequest = z.infer<typeof checkoutRequestSchema>;

export const checkoutResponseSchema = z.object({
  orderId: z.uuid(),
  paymentIntentId: z.string(),
  clientSecret: z.string(),
  amount: minorUnitsSchema,
  currency: currencySchema,
  /** For a signed-in shopper: the Payment Element shows their saved cards and offers to save a new one. */
  customerSessionClientSecret: z.optional(z.string()),
});
export type CheckoutResponse = z.infer<typeof checkoutResponseSchema>;

export const orderStatusSchema = z.enum(ORDER_STATUSES);

/**
 * GET /api/orders/:id, as the shopper sees it by the id in their link: the email masked (`s***@example.com`), and
 * once the order is `archived` (settled long ago) its items and email are no longer shown.
 */
export const orderSchema = z.object({
  id: z.uuid(),
  status: orderStatusSchema,
  amount: minorUnitsSchema,
  amountRefunded: minorUnitsSchema,
  currency: currencySchema,
  email: z.string(),
  items: z.array(z.object({ productId: z.uuid(), name: z.string(), unitAmount: minorUnitsSchema, quantity: z.int() })),
  createdAt: z.string(),
  paidAt: z.nullable(z.string()),
  archived: z.boolean(),
});
export type OrderView = z.infer<typeof orderSchema>;

/** GET /api/config: what the storefront needs to load Stripe.js. */
export const storefrontConfigSchema = z.object({
  publishableKey: z.string(),
  /** The emulator's stand-in in demo mode, https://js.stripe.com/v3/ otherwise. */
  stripeJsUrl: z.string(),
  currencies: z.array(currencySchema),
});
export type StorefrontConfig = z.infer<typeof storefrontConfigSchema>;
