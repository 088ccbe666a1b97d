import type { PaymentDetailRecord } from '@storepay/db';
import {
  isAuthorizationExpiring,
  money,
  parseCurrency,
  toMajorUnitsString,
  type OrderStatus,
  type PaymentDetail,
  refundableAmount,
  type TimelineEntry,
} from '@storepay/payments-core';
import { notificationLabel } from './deliver-notifications';
import { anomalyView, earlyFraudWarningView, iso, maskRecipients, refundView, reviewView } from './views';

function amountText(amount: number, currency: string): string {
  const code = parseCurrency(currency);
  return `${code ? toMajorUnitsString(money(amount, code)) : amount} ${currency.toUpperCase()}`;
}

type Entry = Omit<TimelineEntry, 'at'> & { at: Date };

function checkoutEntries({ order }: PaymentDetailRecord): Entry[] {
  const items = order.items.map((item) => `${item.quantity} × ${item.name}`).join(', ');
  return [
    {
      at: order.createdAt,
      kind: 'checkout',
      title: 'Order created at checkout',
      detail: `${amountText(order.amount, order.currency)}${items ? `: ${items}` : ''}`,
      status: null,
      actor: order.email,
    },
  ];
}

function stripeEventEntries({ events }: PaymentDetailRecord): Entry[] {
  return events.map((event) => {
    const facts = [`${event.attempts} attempt${event.attempts === 1 ? '' : 's'}`, `via ${event.source}`];
    if (event.lastError) facts.push(`last error: ${event.lastError}`);
    return {
      at: event.stripeCreatedAt,
      kind: 'stripe_event',
      title: event.type,
      detail: facts.join('; '),
      status: event.status,
      actor: 'Stripe',
    };
  });
}

/** A refund's steps: requested, then approved or rejected, then how Stripe settled it. */
function refundEntries({ refunds }: PaymentDetailRecord): Entry[] {
  return refunds.flatMap((refund) => {
    const amount = amountText(refund.amount, refund.currency);
    const why = [refund.reason, refund.note].filter(Boolean).join(': ') || null;
    const entries: Entry[] = [
      {
        at: refund.createdAt,
        kind: 'refund',
        title: refund.source === 'stripe' ? `Refund of ${amount} made in Stripe` : `Refund of ${amount} requested`,
        detail: why,
        status: refund.status,
        actor: refund.requestedBy?.email ?? (refund.source === 'stripe' ? 'Stripe' : null),
      },
    ];
    if (refund.approvedAt) {
      entries.push({
        at: refund.approvedAt,
        kind: 'refund',
        title: `Refund of ${amount} approved`,
        detail: null,
        status: refund.status,
        actor: refund.approvedBy?.email ?? null,
      });
    }
    if (refund.rejectedAt) {
      entries.push({
        at: refund.rejectedAt,
        kind: 'refund',
        title: `Refund of ${amount} rejected`,
        detail: refund.rejectionNote,
        status: refund.status,
        actor: refund.rejectedBy?.email ?? null,
      });
    }
    // No column records when Stripe settled it: the row's last change is that moment.
    if (['succeeded', 'failed', 'canceled'].includes(refund.status)) {
      entries.push({
        at: refund.updatedAt,
        kind: 'refund',
        title: `Refund of ${amount} ${refund.status}`,
        detail: refund.failureReason,
        status: refund.status,
        actor: 'Stripe',
      });
    }
    return entries;
  });
}

function staffActionEntries({ audit }: PaymentDetailRecord): Entry[] {
  return audit.map((entry) => {
    const details = entry.details && typeof entry.details === 'object' ? JSON.stringify(entry.details) : null;
    return {
      at: entry.occurredAt,
      kind: 'staff_action',
      title: entry.action,
      detail: details === '{}' ? null : details,
      status: null,
      actor: entry.actorEmail,
    };
  });
}

/** Each notification: queued when recorded, then sent, or its last failure (retrying, or dead until replayed). */
function notificationEntries({ notifications }: PaymentDetailRecord): Entry[] {
  return notifications.flatMap((notification) => {
    const label = notificationLabel(notification.kind);
    const to = maskRecipients(notification.recipient);
    const entries: Entry[] = [
      {
        at: notification.createdAt,
        kind: 'notification',
        title: `${label} queued`,
        detail: null,
        status: 'queued',
        actor: null,
        notificationId: notification.id,
      },
    ];
    const attempts = `${notification.attempts} attempt${notification.attempts === 1 ? '' : 's'}`;
    if (notification.status === 'sent' && notification.sentAt) {
      entries.push({
        at: notification.sentAt,
        kind: 'notification',
        title: `${label} sent${to ? ` to ${to}` : ''}`,
        detail: attempts,
        status: 'sent',
        actor: null,
        notificationId: notification.id,
      });
    } else if (notification.status === 'failed' || notification.status === 'dead') {
      const next = notification.status === 'failed' ? `; next attempt ${notification.nextAttemptAt.toISOString()}` : '';
      entries.push({
        at: notification.lastAttemptAt ?? notification.createdAt,
        kind: 'notification',
        title: `${label} ${notification.status === 'dead' ? 'not sent (gave up)' : 'failed'}${to ? ` to ${to}` : ''}`,
        detail: `${attempts}; last error: ${notification.lastError ?? 'unknown'}${next}`,
        status: notification.status,
        actor: null,
        notificationId: notification.id,
      });
    }
    return entries;
  });
}

/** Everything that happened to the payment, oldest first; entries at the same instant keep the order built here. */
export function paymentTimeline(record: PaymentDetailRecord): TimelineEntry[] {
  const entries = [
    ...checkoutEntries(record),
    ...stripeEventEntries(record),
    ...refundEntries(record),
    ...staffActionEntries(record),
    ...notificationEntries(record),
  ];
  // Array.prototype.sort is stable, so ties stay in the order above (checkout first).
  return entries
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((entry) => ({ ...entry, at: entry.at.toISOString() }));
}

/** A manual-capture order's authorisation: what it holds, until when, and the decisions on it. */
function authorizationView({ order, payment, authorizationActions }: PaymentDetailRecord, now: Date) {
  const open = payment?.status === 'requires_capture';
  // Also a PaymentIntent made manual at Stripe (by its Dashboard or API) after checkout: what it holds is real.
  if (order.captureMethod !== 'manual' && !open && authorizationActions.length === 0) return null;
  return {
    captureMethod: order.captureMethod,
    amountCapturable: payment?.amountCapturable ?? 0,
    authorizedAt: iso(payment?.authorizedAt ?? null),
    captureBefore: iso(payment?.captureBefore ?? null),
    expiringSoon: open && !!payment?.captureBefore && isAuthorizationExpiring(payment.captureBefore, now),
    actions: authorizationActions.map((action) => ({
      id: action.id,
      orderId: order.id,
      kind: action.kind,
      amount: action.amount,
      currency: order.currency,
      status: action.status,
      reason: action.note ?? action.reason,
      failureReason: action.failureReason,
      requestedBy: action.requestedBy,
      createdAt: action.createdAt.toISOString(),
    })),
  };
}

export function paymentDetailView(record: PaymentDetailRecord, now: Date = new Date()): PaymentDetail {
  const { order, payment, refunds } = record;
  const amountReceived = payment?.amountReceived ?? 0;
  return {
    orderId: order.id,
    paymentId: payment?.id ?? null,
    paymentIntentId: payment?.stripePaymentIntentId ?? null,
    status: order.status as OrderStatus,
    paymentStatus: payment?.status ?? null,
    currency: order.currency,
    amount: order.amount,
    amountReceived,
    amountRefunded: order.amountRefunded,
    refundable: refundableAmount(amountReceived, refunds),
    email: order.email,
    items: order.items,
    card:
      payment && (payment.cardBrand || payment.cardLast4)
        ? {
            brand: payment.cardBrand,
            last4: payment.cardLast4,
            country: payment.cardCountry,
            expMonth: payment.cardExpMonth,
            expYear: payment.cardExpYear,
          }
        : null,
    risk:
      payment && (payment.riskLevel || payment.outcomeType || payment.networkStatus)
        ? { level: payment.riskLevel, outcomeType: payment.outcomeType, networkStatus: payment.networkStatus }
        : null,
    failure:
      payment && (payment.failureCode || payment.declineCode || payment.failureMessage)
        ? { code: payment.failureCode, declineCode: payment.declineCode, message: payment.failureMessage }
        : null,
    dispute: record.latestDispute,
    authorization: authorizationView(record, now),
    reviews: record.reviews.map(reviewView),
    earlyFraudWarnings: record.earlyFraudWarnings.map((warning) =>
      earlyFraudWarningView(warning, refundableAmount(warning.amountReceived, warning.refunds)),
    ),
    createdAt: order.createdAt.toISOString(),
    paidAt: iso(order.paidAt),
    refunds: refunds.map((refund) => refundView(order.id, refund)),
    anomalies: record.anomalies.map(anomalyView),
    timeline: paymentTimeline(record),
  };
}
