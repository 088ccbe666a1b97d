import { z } from 'zod/mini';
import { orderStatusSchema } from './checkout';

/**
 * A person's data: what "Download my data" gives a shopper, and what an admin exports on a guest's request. Every row
 * about them, with the facts it holds; raw Stripe payloads are listed (what and when), not copied.
 */

const instant = z.string();
const maybeInstant = z.nullable(instant);

export const personalDataExportSchema = z.object({
  exportedAt: instant,
  email: z.string(),
  account: z.nullable(
    z.object({
      id: z.string(),
      email: z.string(),
      locale: z.string(),
      stripeCustomerId: z.nullable(z.string()),
      createdAt: instant,
      lastSignInAt: maybeInstant,
    }),
  ),
  orders: z.array(
    z.object({
      id: z.string(),
      status: orderStatusSchema,
      email: z.string(),
      currency: z.string(),
      amount: z.int(),
      amountRefunded: z.int(),
      locale: z.string(),
      createdAt: instant,
      paidAt: maybeInstant,
      expiredAt: maybeInstant,
      items: z.array(z.object({ name: z.string(), quantity: z.int(), unitAmount: z.int() })),
    }),
  ),
  payments: z.array(
    z.object({
      id: z.string(),
      orderId: z.string(),
      paymentIntentId: z.string(),
      chargeId: z.nullable(z.string()),
      status: z.string(),
      currency: z.string(),
      amount: z.int(),
      amountReceived: z.int(),
      amountRefunded: z.int(),
      email: z.nullable(z.string()),
      paymentMethodType: z.nullable(z.string()),
      card: z.nullable(
        z.object({
          brand: z.nullable(z.string()),
          last4: z.nullable(z.string()),
          expMonth: z.nullable(z.int()),
          expYear: z.nullable(z.int()),
          country: z.nullable(z.string()),
        }),
      ),
      createdAt: instant,
    }),
  ),
  refunds: z.array(
    z.object({
      id: z.string(),
      paymentId: z.string(),
      stripeRefundId: z.nullable(z.string()),
      amount: z.int(),
      currency: z.string(),
      status: z.string(),
      reason: z.nullable(z.string()),
      note: z.nullable(z.string()),
      createdAt: instant,
    }),
  ),
  disputes: z.array(
    z.object({
      id: z.string(),
      paymentId: z.string(),
      stripeDisputeId: z.string(),
      amount: z.int(),
      currency: z.string(),
      reason: z.string(),
      status: z.string(),
      createdAt: instant,
    }),
  ),
  paymentAnomalies: z.array(
    z.object({ id: z.string(), orderId: z.nullable(z.string()), kind: z.string(), detectedAt: instant }),
  ),
  /** Emails sent to them, and staff alerts about their orders (whose staff recipients are not given). */
  notifications: z.array(
    z.object({
      id: z.string(),
      orderId: z.nullable(z.string()),
      kind: z.string(),
      label: z.string(),
      status: z.string(),
      recipient: z.nullable(z.string()),
      createdAt: instant,
      sentAt: maybeInstant,
    }),
  ),
  signIns: z.object({
    links: z.array(z.object({ id: z.string(), createdAt: instant, expiresAt: instant, usedAt: maybeInstant })),
    sessions: z.array(z.object({ id: z.string(), createdAt: instant, expiresAt: instant, endedAt: maybeInstant })),
  }),
  /** Stripe's events about them that we received: their payloads are stripped of personal data after retention. */
  stripeEvents: z.array(
    z.object({ id: z.string(), type: z.string(), receivedAt: instant, personalDataStrippedAt: maybeInstant }),
  ),
});
export type PersonalDataExport = z.infer<typeof personalDataExportSchema>;

const emailField = z.email({ error: 'must be an email address' }).check(z.maxLength(254, { error: 'is too long' }));

/** POST /api/admin/privacy/export: whose data (a guest's or an account's email). */
export const privacyExportRequestSchema = z.object({ email: emailField });

/** POST /api/admin/privacy/erasure: whose data, confirmed by typing the email twice (a slip erases no one). */
export const erasureRequestSchema = z
  .object({ email: emailField, confirmEmail: z.string({ error: 'is required' }) })
  .check(
    z.refine((body) => body.confirmEmail.trim().toLowerCase() === body.email.trim().toLowerCase(), {
      path: ['confirmEmail'],
      error: 'must be the same email',
    }),
  );
export type ErasureRequest = z.infer<typeof erasureRequestSchema>;

/** DELETE /api/account: the shopper confirms with their own email. */
export const accountDeletionRequestSchema = z.object({ confirmEmail: z.string({ error: 'is required' }) });

/** What an erasure changed: counts only (the audit log keeps the same, never the person's data). */
export const erasureResultSchema = z.object({
  account: z.boolean(),
  stripeCustomerDeleted: z.boolean(),
  orders: z.int(),
  payments: z.int(),
  refunds: z.int(),
  notifications: z.int(),
  stripeEvents: z.int(),
  signIns: z.int(),
});
export type ErasureResult = z.infer<typeof erasureResultSchema>;

/** The admin's customers: shoppers' accounts. Emails are masked for viewers (`s***@example.com`). */
export const adminCustomerSchema = z.object({
  id: z.string(),
  email: z.string(),
  stripeCustomerId: z.nullable(z.string()),
  createdAt: instant,
  lastSignInAt: maybeInstant,
  orders: z.int(),
});
export type AdminCustomer = z.infer<typeof adminCustomerSchema>;

/** GET /api/admin/customers?q=: accounts whose email contains q, or of a Stripe Customer id or account id. */
export const adminCustomerListSchema = z.object({ customers: z.array(adminCustomerSchema), emailsMasked: z.boolean() });

/** GET /api/admin/customers/:id: one account, its orders and payments, saved cards and the emails sent to it. */
export const adminCustomerDetailSchema = z.object({
  customer: adminCustomerSchema,
  emailsMasked: z.boolean(),
  orders: z.array(
    z.object({
      id: z.string(),
      status: orderStatusSchema,
      amount: z.int(),
      amountRefunded: z.int(),
      currency: z.string(),
      createdAt: instant,
      payment: z.nullable(
        z.object({
          status: z.string(),
          cardBrand: z.nullable(z.string()),
          cardLast4: z.nullable(z.string()),
        }),
      ),
    }),
  ),
  /** From Stripe (brand and last 4 digits only: Stripe never gives more); null when Stripe could not be asked. */
  savedCards: z.nullable(
    z.array(
      z.object({
        brand: z.string(),
        last4: z.string(),
        expMonth: z.int(),
        expYear: z.int(),
        isDefault: z.boolean(),
      }),
    ),
  ),
  notifications: z.array(
    z.object({
      id: z.string(),
      orderId: z.nullable(z.string()),
      label: z.string(),
      status: z.string(),
      /** Masked. */
      recipient: z.nullable(z.string()),
      createdAt: instant,
      sentAt: maybeInstant,
    }),
  ),
});
export type AdminCustomerDetail = z.infer<typeof adminCustomerDetailSchema>;
