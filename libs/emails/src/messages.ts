import type { ShopLocale } from '@storepay/payments-core';

/** An order as its emails show it; amounts in minor units of `currency`. */
export interface EmailOrder {
  id: string;
  currency: string;
  amount: number;
  amountRefunded: number;
  createdAt: Date;
  items: { name: string; quantity: number; unitAmount: number }[];
}

interface Base {
  locale: ShopLocale;
  order: EmailOrder;
}

/** To the shopper: each carries the link to the order's page in the shop. */
export type ShopperEmail =
  | (Base & {
      kind: 'order_confirmation';
      orderUrl: string;
      /** Manual capture: the card is authorised, charged when the order ships (not paid yet). */
      authorized?: boolean;
    })
  | (Base & { kind: 'refund_issued'; orderUrl: string; refund: { amount: number } })
  | (Base & { kind: 'payment_failed'; orderUrl: string })
  | (Base & { kind: 'payment_action_required'; orderUrl: string })
  | (Base & { kind: 'order_expired'; orderUrl: string });

/** To the shop's staff: each carries the link to the payment in the admin. */
export type StaffEmail =
  | (Base & {
      kind: 'dispute_opened';
      adminUrl: string;
      dispute: { amount: number; reason: string; evidenceDueBy: Date | null };
    })
  | (Base & { kind: 'early_fraud_warning'; adminUrl: string; fraudType: string })
  | (Base & { kind: 'refund_awaiting_approval'; adminUrl: string; refund: { amount: number; reason: string } });

/** To a shopper about their account, not an order: a sign-in link (it works once, for `expiresInMinutes`). */
export type AccountEmail = {
  kind: 'sign_in_link';
  locale: ShopLocale;
  url: string;
  expiresInMinutes: number;
};

export type EmailMessage = ShopperEmail | StaffEmail | AccountEmail;
export type EmailKind = EmailMessage['kind'];

export const EMAIL_KINDS = [
  'order_confirmation',
  'refund_issued',
  'payment_failed',
  'payment_action_required',
  'order_expired',
  'dispute_opened',
  'early_fraud_warning',
  'refund_awaiting_approval',
  'sign_in_link',
] as const satisfies readonly EmailKind[];

/** A rendered email: what a mailer sends. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}
