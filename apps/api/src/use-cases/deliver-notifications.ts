import type { ClaimedOutboxMessage, OrderForNotification, OutboxOutcome, OutboxRepository } from '@storepay/db';
import type { EmailMessage, RenderedEmail } from '@storepay/emails';
import { DEFAULT_SHOP_LOCALE, isShopLocale, type ShopLocale } from '@storepay/payments-core';
import { forEachConcurrently } from './concurrency';
import { silentLogger, type Clock, type Logger } from './ports';

/** Who a notification is for: the order's shopper, the shop's admins, or the address an account email names. */
type Audience = 'shopper' | 'staff' | 'account';

/** Every kind of outbox row that becomes an email: its audience and how people call it (the admin's timeline). */
export const NOTIFICATION_KINDS = {
  'order.paid': { audience: 'shopper', label: 'Order confirmation email' },
  'refund.succeeded': { audience: 'shopper', label: 'Refund email' },
  'payment.failed': { audience: 'shopper', label: 'Payment failed email' },
  'payment.requires_action': { audience: 'shopper', label: 'Payment needs action email' },
  'order.expired': { audience: 'shopper', label: 'Order expired email' },
  'dispute.opened': { audience: 'staff', label: 'Dispute alert to staff' },
  'radar.early_fraud_warning': { audience: 'staff', label: 'Early fraud warning to staff' },
  'refund.awaiting_approval': { audience: 'staff', label: 'Refund approval request to staff' },
  'customer.sign_in': { audience: 'account', label: 'Sign-in link' },
} as const satisfies Record<string, { audience: Audience; label: string }>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

export const notificationLabel = (kind: string) =>
  kind in NOTIFICATION_KINDS ? NOTIFICATION_KINDS[kind as NotificationKind].label : `Notification ${kind}`;

/** A message ready for the mail server. */
export interface OutgoingMail {
  /** Stable per outbox row (`<outbox-<id>@<domain>>`): a receiver drops a repeat of an attempt that did arrive. */
  messageId: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
}

/** A refusal the mail server gave for good (e.g. 550 no such mailbox) is not retried. */
export type SendResult = { ok: true } | { ok: false; error: string; permanent: boolean };

export interface Mailer {
  send(mail: OutgoingMail): Promise<SendResult>;
}

export interface DeliverNotificationsPorts {
  outbox: Pick<OutboxRepository, 'claim' | 'record' | 'order' | 'adminEmails'>;
  mailer: Mailer;
  render: (message: EmailMessage) => Promise<RenderedEmail>;
  clock: Clock;
  /** The shop's and the admin's public addresses, for the links in the emails. */
  links: { shopUrl: string; adminUrl: string };
  /**
   * The token of a sign-in link, made as its email is sent (only its hash is stored), and how long it works. Without
   * it, sign-in links are not sent.
   */
  signInLinks?: { issue(email: string): Promise<string>; expiresInMinutes: number };
  /** The right-hand side of every Message-ID (the sender's domain). */
  messageIdDomain: string;
  /** Attempts before a row is dead, and the first retry's delay (doubling up to an hour). */
  retry: { maxAttempts: number; baseDelayMs: number };
  /** How long a claim holds: longer than a send can take (the mailer's timeouts), so no row is sent twice at once. */
  leaseMs: number;
  workerId: string;
  /** Sends at once within one claim. */
  concurrency?: number;
  log?: Logger;
  /** Told of every attempt's outcome (the metrics). */
  observe?: (kind: string, result: OutboxOutcome['status']) => void;
}

export interface DeliveryRound {
  claimed: number;
  sent: number;
  failed: number;
  dead: number;
}

const MAX_RETRY_DELAY_MS = 3600_000;

/** Delay before attempt `attempts + 1`: the base, doubled after each failure, at most an hour. */
export function retryDelayMs(attempts: number, baseDelayMs: number): number {
  return Math.min(baseDelayMs * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
}

export const messageIdOf = (outboxId: string, domain: string) => `<outbox-${outboxId}@${domain}>`;

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/** Why an email to a shopper whose personal data was erased is not sent. */
export const ERASED_RECIPIENT = 'not sent: the recipient’s personal data was erased';

/** Why a row cannot become an email, ever: it goes dead at once rather than being retried. */
class Undeliverable extends Error {}

/** The email of an outbox row, in the order's language (staff get the shop's default language). */
export function emailOf(
  message: ClaimedOutboxMessage,
  order: OrderForNotification,
  links: DeliverNotificationsPorts['links'],
): EmailMessage {
  const payload = record(message.payload);
  const shopperLocale: ShopLocale = isShopLocale(order.locale) ? order.locale : DEFAULT_SHOP_LOCALE;
  const base = {
    order: {
      id: order.id,
      currency: order.currency,
      amount: order.amount,
      amountRefunded: order.amountRefunded,
      createdAt: order.createdAt,
      items: order.items,
    },
  };
  const orderUrl = `${links.shopUrl}/orders/${order.id}`;
  const adminUrl = `${links.adminUrl}/payments/${order.id}`;
  const shopper = { ...base, locale: shopperLocale, orderUrl };
  const staff = { ...base, locale: DEFAULT_SHOP_LOCALE, adminUrl };
  const kind = message.kind as NotificationKind;
  switch (kind) {
    case 'order.paid':
      return { ...shopper, kind: 'order_confirmation', authorized: payload.authorized === true };
    case 'refund.succeeded': {
      const amount = num(payload.amount);
      if (amount === null) throw new Undeliverable('the refund has no amount');
      return { ...shopper, kind: 'refund_issued', refund: { amount } };
    }
    case 'payment.failed':
      return { ...shopper, kind: 'payment_failed' };
    case 'payment.requires_action':
      return { ...shopper, kind: 'payment_action_required' };
    case 'order.expired':
      return { ...shopper, kind: 'order_expired' };
    case 'dispute.opened': {
      const due = num(payload.evidenceDueByMs);
      return {
        ...staff,
        kind: 'dispute_opened',
        dispute: {
          amount: num(payload.amount) ?? order.amount,
          reason: str(payload.reason) ?? 'unknown',
          evidenceDueBy: due === null ? null : new Date(due),
        },
      };
    }
    case 'radar.early_fraud_warning':
      return { ...staff, kind: 'early_fraud_warning', fraudType: str(payload.fraudType) ?? 'unknown' };
    case 'refund.awaiting_approval': {
      const amount = num(payload.amount);
      if (amount === null) throw new Undeliverable('the refund has no amount');
      return {
        ...staff,
        kind: 'refund_awaiting_approval',
        refund: { amount, reason: str(payload.reason) ?? 'unknown' },
      };
    }
    default:
      throw new Undeliverable(`no notification is sent for ${message.kind}`);
  }
}

/**
 * One round of the notification workers: claims due outbox rows (leased to this worker), renders each one's email
 * in the order's language, sends it with a Message-ID derived from the row, and records the outcome fenced on the
 * claim. A send is at-least-once: if the worker dies between the mail server's acceptance and the record, the row is
 * claimed again after its lease and sent again with the same Message-ID, which a receiver may drop. Nothing else
 * sends a row twice: the lease outlasts a send, and a claim lost to another worker records nothing. A failed send is
 * retried with a doubling delay; after `maxAttempts`, or at once when it can never succeed (the mail server refused
 * the recipient for good, the order is gone), the row is dead until staff replay it.
 */
export async function deliverNotifications(
  ports: DeliverNotificationsPorts,
  { limit }: { limit: number },
): Promise<DeliveryRound> {
  const log = ports.log ?? silentLogger;
  const claimed = await ports.outbox.claim({ workerId: ports.workerId, limit, leaseMs: ports.leaseMs });
  const round: DeliveryRound = { claimed: claimed.length, sent: 0, failed: 0, dead: 0 };

  const attempt = async (message: ClaimedOutboxMessage): Promise<OutboxOutcome> => {
    let recipients: string[] | null = null;
    const failure = (error: string, permanent: boolean): OutboxOutcome => {
      const recipient = recipients?.join(', ') ?? null;
      if (permanent || message.attempts >= ports.retry.maxAttempts) return { status: 'dead', recipient, error };
      const nextAttemptAt = new Date(
        ports.clock.now().getTime() + retryDelayMs(message.attempts, ports.retry.baseDelayMs),
      );
      return { status: 'failed', recipient, error, nextAttemptAt };
    };
    try {
      if (message.kind === 'customer.sign_in') {
        const payload = record(message.payload);
        const to = str(payload.email);
        if (!to) throw new Undeliverable('the sign-in link names no address');
        if (!ports.signInLinks) throw new Undeliverable('this process sends no sign-in links');
        recipients = [to];
        const token = await ports.signInLinks.issue(to);
        const rendered = await ports.render({
          kind: 'sign_in_link',
          locale: isShopLocale(payload.locale) ? payload.locale : DEFAULT_SHOP_LOCALE,
          // In the fragment: it never reaches a server's logs or a Referer header.
          url: `${ports.links.shopUrl}/account/sign-in#token=${encodeURIComponent(token)}`,
          expiresInMinutes: ports.signInLinks.expiresInMinutes,
        });
        const sent = await ports.mailer.send({
          messageId: messageIdOf(message.id, ports.messageIdDomain),
          to: recipients,
          ...rendered,
        });
        return sent.ok ? { status: 'sent', recipient: to } : failure(sent.error, sent.permanent);
      }
      if (!message.orderId) throw new Undeliverable('the notification names no order');
      const order = await ports.outbox.order(message.orderId);
      if (!order) throw new Undeliverable(`the order ${message.orderId} does not exist`);
      const email = emailOf(message, order, ports.links);
      const audience = NOTIFICATION_KINDS[message.kind as NotificationKind].audience;
      // An erased shopper's order keeps no address: what Stripe tells us about it later reaches staff only.
      if (audience === 'shopper' && !order.email) throw new Undeliverable(ERASED_RECIPIENT);
      recipients = audience === 'shopper' ? [order.email] : await ports.outbox.adminEmails();
      if (recipients.length === 0) return failure('no active admin to notify', false);
      const rendered = await ports.render(email);
      const sent = await ports.mailer.send({
        messageId: messageIdOf(message.id, ports.messageIdDomain),
        to: recipients,
        ...rendered,
      });
      return sent.ok ? { status: 'sent', recipient: recipients.join(', ') } : failure(sent.error, sent.permanent);
    } catch (error) {
      if (error instanceof Undeliverable) return failure(error.message, true);
      return failure(error instanceof Error ? error.message : String(error), false);
    }
  };

  await forEachConcurrently(claimed, ports.concurrency ?? 4, async (message) => {
    const outcome = await attempt(message);
    const recorded = await ports.outbox.record(message, outcome);
    ports.observe?.(message.kind, outcome.status);
    if (!recorded) {
      log.warn(
        { outbox: message.id, kind: message.kind },
        'a notification’s claim was lost before its outcome was recorded',
      );
      return;
    }
    round[outcome.status] += 1;
    if (outcome.status === 'sent') {
      log.info({ outbox: message.id, kind: message.kind, orderId: message.orderId }, 'notification sent');
    } else {
      log.warn(
        {
          outbox: message.id,
          kind: message.kind,
          orderId: message.orderId,
          attempts: message.attempts,
          error: outcome.error,
        },
        outcome.status === 'dead' ? 'notification dead: staff may replay it' : 'notification failed; will retry',
      );
    }
  });
  return round;
}
