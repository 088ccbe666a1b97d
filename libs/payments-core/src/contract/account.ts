import { z } from 'zod/mini';
import { SHOP_LOCALES } from '../domain/locale';
import { currencySchema, minorUnitsSchema } from './catalog';
import { orderStatusSchema } from './checkout';

/** The shop's accounts: a sign-in link by email, a shopper session of its own (never a staff one). */

const localeField = z.optional(z.enum(SHOP_LOCALES, { error: `must be one of ${SHOP_LOCALES.join(', ')}` }));

/** POST /api/account/sign-in-link: where to send a link, and the language to write it in. */
export const signInLinkRequestSchema = z.object({
  email: z.email({ error: 'must be an email address' }).check(z.maxLength(254, { error: 'is too long' })),
  locale: localeField,
});
export type SignInLinkRequest = z.infer<typeof signInLinkRequestSchema>;

/** The same answer whether or not the address has an account. */
export const signInLinkResponseSchema = z.object({ sent: z.literal(true) });

/** POST /api/account/session: the token from the link's fragment. */
export const redeemSignInLinkSchema = z.object({
  token: z
    .string({ error: 'is required' })
    .check(z.minLength(20, { error: 'is not a sign-in token' }), z.maxLength(200, { error: 'is not a sign-in token' })),
  locale: localeField,
});
export type RedeemSignInLinkRequest = z.infer<typeof redeemSignInLinkSchema>;

/** The signed-in shopper, and the CSRF token every write made with the shop's session cookie must carry. */
export const shopperSessionSchema = z.object({
  customer: z.object({ id: z.string(), email: z.string() }),
  csrfToken: z.string(),
  expiresAt: z.string(),
});
export type ShopperSession = z.infer<typeof shopperSessionSchema>;

/** GET /api/account/orders: the account's orders, newest first, and how many guest orders of its email it may claim. */
export const accountOrdersSchema = z.object({
  orders: z.array(
    z.object({
      id: z.string(),
      status: orderStatusSchema,
      amount: minorUnitsSchema,
      amountRefunded: minorUnitsSchema,
      currency: currencySchema,
      createdAt: z.string(),
      items: z.int(),
    }),
  ),
  /** Orders placed as a guest with this account's (verified) email, not yet the account's. */
  claimable: z.int(),
});
export type AccountOrders = z.infer<typeof accountOrdersSchema>;

/** POST /api/account/orders/claim: how many guest orders became the account's. */
export const claimedOrdersSchema = z.object({ claimed: z.int() });

/** GET /api/account/payment-methods: the cards saved to the shopper's Stripe Customer (never more than Stripe gives). */
export const savedCardsSchema = z.object({
  paymentMethods: z.array(
    z.object({
      id: z.string(),
      brand: z.string(),
      last4: z.string(),
      expMonth: z.int(),
      expYear: z.int(),
      isDefault: z.boolean(),
    }),
  ),
});
export type SavedCards = z.infer<typeof savedCardsSchema>;

/** POST /api/account/setup-intents: a SetupIntent's client secret, to save a card without buying. */
export const cardSetupSchema = z.object({ clientSecret: z.string() });
