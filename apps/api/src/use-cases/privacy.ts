// A person's rights over their data: a copy of all of it, and its erasure; and the retention of the personal data in
// Stripe's raw payloads. Which fields are personal, and why each is kept, is written in docs/data.md.
import type { Actor, AuditRepository, ErasureWrite, PersonRecords, PrivacyRepository } from '@storepay/db';
import {
  eraseFromJson,
  eraseFromText,
  err,
  ok,
  personalTextIn,
  stripPersonalData,
  type ErasureResult,
  type OrderStatus,
  type PersonalDataExport,
  type Result,
} from '@storepay/payments-core';
import type { PaymentGateway } from '@storepay/payments-core/server';
import {
  ERASED_RECIPIENT,
  NOTIFICATION_KINDS,
  notificationLabel,
  type NotificationKind,
} from './deliver-notifications';
import { auditBy, type Clock } from './ports';
import type { RefusalOf } from './refusals';
import { accountEmail } from './shopper-sign-in';
import { iso } from './views';

export interface PrivacyPorts {
  privacy: Pick<PrivacyRepository, 'recordsOf' | 'erase'>;
  gateway: Pick<PaymentGateway, 'deleteCustomer'>;
  audit: Pick<AuditRepository, 'append'>;
  clock: Clock;
}

/** Who asked: the shopper themself (signed in), or a staff member on the person's request. */
type Requester = { actor: Actor } | { actor: null };

const rowCounts = (records: PersonRecords) => ({
  account: records.account !== null,
  orders: records.orders.length,
  payments: records.payments.length,
  refunds: records.refunds.length,
  notifications: records.notifications.length,
  stripeEvents: records.events.length,
  signIns: records.signInLinks.length + records.sessions.length,
});

const isShopperNotification = (kind: string) =>
  !(kind in NOTIFICATION_KINDS) || NOTIFICATION_KINDS[kind as NotificationKind].audience !== 'staff';

/** The export of everything about a person, as `personalDataExportSchema` describes it. */
function exportView(email: string, records: PersonRecords, at: Date): PersonalDataExport {
  const { account } = records;
  return {
    exportedAt: at.toISOString(),
    email,
    account: account && {
      id: account.id,
      email: account.email,
      locale: account.locale,
      stripeCustomerId: account.stripeCustomerId,
      createdAt: account.createdAt.toISOString(),
      lastSignInAt: iso(account.lastSignInAt),
    },
    orders: records.orders.map((order) => ({
      id: order.id,
      status: order.status as OrderStatus,
      email: order.email,
      currency: order.currency,
      amount: order.amount,
      amountRefunded: order.amountRefunded,
      locale: order.locale,
      createdAt: order.createdAt.toISOString(),
      paidAt: iso(order.paidAt),
      expiredAt: iso(order.expiredAt),
      items: order.items,
    })),
    payments: records.payments.map((payment) => ({
      id: payment.id,
      orderId: payment.orderId,
      paymentIntentId: payment.stripePaymentIntentId,
      chargeId: payment.stripeChargeId,
      status: payment.status,
      currency: payment.currency,
      amount: payment.amount,
      amountReceived: payment.amountReceived,
      amountRefunded: payment.amountRefunded,
      email: payment.email,
      paymentMethodType: payment.paymentMethodType,
      card:
        payment.cardBrand || payment.cardLast4
          ? {
              brand: payment.cardBrand,
              last4: payment.cardLast4,
              expMonth: payment.cardExpMonth,
              expYear: payment.cardExpYear,
              country: payment.cardCountry,
            }
          : null,
      createdAt: payment.createdAt.toISOString(),
    })),
    refunds: records.refunds.map((refund) => ({
      id: refund.id,
      paymentId: refund.paymentId,
      stripeRefundId: refund.stripeRefundId,
      amount: refund.amount,
      currency: refund.currency,
      status: refund.status,
      reason: refund.reason,
      note: refund.note,
      createdAt: refund.createdAt.toISOString(),
    })),
    disputes: records.disputes.map((dispute) => ({ ...dispute, createdAt: dispute.createdAt.toISOString() })),
    paymentAnomalies: records.anomalies.map((anomaly) => ({
      id: anomaly.id,
      orderId: anomaly.orderId,
      kind: anomaly.kind,
      detectedAt: anomaly.detectedAt.toISOString(),
    })),
    notifications: records.notifications.map((message) => ({
      id: message.id,
      orderId: message.orderId,
      kind: message.kind,
      label: notificationLabel(message.kind),
      status: message.status,
      // Staff alerts about their orders are theirs to know of; the staff members' addresses are not.
      recipient: isShopperNotification(message.kind) ? message.recipient : null,
      createdAt: message.createdAt.toISOString(),
      sentAt: iso(message.sentAt),
    })),
    signIns: {
      links: records.signInLinks.map((link) => ({
        id: link.id,
        createdAt: link.createdAt.toISOString(),
        expiresAt: link.expiresAt.toISOString(),
        usedAt: iso(link.usedAt),
      })),
      sessions: records.sessions.map((session) => ({
        id: session.id,
        createdAt: session.createdAt.toISOString(),
        expiresAt: session.expiresAt.toISOString(),
        endedAt: iso(session.endedAt),
      })),
    },
    stripeEvents: records.events.map((event) => ({
      id: event.stripeEventId,
      type: event.type,
      receivedAt: event.receivedAt.toISOString(),
      personalDataStrippedAt: iso(event.payloadRedactedAt),
    })),
  };
}

/**
 * A copy of every row about the person of `email`: for the shopper ("Download my data") or for staff on a guest's
 * request. Audited with counts only: which account (if any), never the email or the data.
 */
export async function exportPersonalData(
  ports: Pick<PrivacyPorts, 'privacy' | 'audit' | 'clock'>,
  { email, ...requester }: { email: string } & Requester,
): Promise<PersonalDataExport> {
  const address = accountEmail(email);
  const records = await ports.privacy.recordsOf(address);
  await ports.audit.append(
    auditBy(requester.actor, {
      action: 'privacy.exported',
      targetType: 'customer',
      targetId: records.account?.id ?? null,
      details: { requestedBy: requester.actor ? 'staff' : 'shopper', ...rowCounts(records) },
    }),
  );
  return exportView(address, records, ports.clock.now());
}

/** The erasure of a person's records, decided: what each row becomes. */
export function erasureOf(address: string, records: PersonRecords, at: Date): ErasureWrite {
  // Every value that names them: their addresses, and the names, emails and phones Stripe's payloads hold of them.
  const needles = new Set<string>([address]);
  for (const order of records.orders) if (order.email) needles.add(order.email);
  for (const payment of records.payments) if (payment.email) needles.add(payment.email);
  for (const event of records.events) personalTextIn(event.payload, needles);
  for (const message of records.notifications) personalTextIn(message.payload, needles);
  const text = (value: string | null) => (value === null ? null : eraseFromText(value, needles));
  return {
    at,
    email: address,
    customerId: records.account?.id ?? null,
    orderIds: records.orders.map((order) => order.id),
    paymentIds: records.payments.map((payment) => payment.id),
    refunds: records.refunds.map((refund) => ({
      id: refund.id,
      note: text(refund.note),
      failureReason: text(refund.failureReason),
      rejectionNote: text(refund.rejectionNote),
    })),
    anomalies: records.anomalies.map((anomaly) => ({
      id: anomaly.id,
      details: eraseFromJson(anomaly.details, needles),
    })),
    notifications: records.notifications.map((message) => {
      // An email to them not sent yet never will be; a staff alert about their order still goes (it names no one).
      const dead = isShopperNotification(message.kind) && (message.status === 'pending' || message.status === 'failed');
      return {
        id: message.id,
        payload: eraseFromJson(stripPersonalData(message.payload), needles),
        recipient: text(message.recipient),
        lastError: dead ? ERASED_RECIPIENT : text(message.lastError),
        dead,
      };
    }),
    events: records.events.map((event) => ({
      id: event.id,
      payload: eraseFromJson(stripPersonalData(event.payload), needles),
      lastError: text(event.lastError),
    })),
  };
}

/**
 * Erases the person of `email`: their Stripe Customer is deleted first (with its saved cards; if Stripe cannot be
 * reached nothing changes and the request can be made again), then in one transaction their account, sessions and
 * sign-in links are deleted and every other row about them is anonymised: emails, names, phones and card details
 * taken out of orders, payments, refund notes, notifications and Stripe's payloads. Amounts, currencies, dates,
 * statuses and ids stay: the financial record the law requires. Audited with counts only.
 */
export async function erasePersonalData(
  ports: PrivacyPorts,
  { email, ...requester }: { email: string } & Requester,
): Promise<Result<ErasureResult, RefusalOf<'payment_failed'>>> {
  const address = accountEmail(email);
  const records = await ports.privacy.recordsOf(address);
  const stripeCustomer = records.account?.stripeCustomerId ?? null;
  if (stripeCustomer) {
    const deleted = await ports.gateway.deleteCustomer({
      customer: stripeCustomer,
      idempotencyKey: `erase-${stripeCustomer}`,
    });
    if (!deleted.ok) return err({ kind: 'payment_failed', error: deleted.error });
  }
  const at = ports.clock.now();
  await ports.privacy.erase(erasureOf(address, records, at));
  const result: ErasureResult = { ...rowCounts(records), stripeCustomerDeleted: stripeCustomer !== null };
  await ports.audit.append(
    auditBy(requester.actor, {
      action: 'privacy.erased',
      targetType: 'customer',
      targetId: records.account?.id ?? null,
      details: { requestedBy: requester.actor ? 'staff' : 'shopper', ...result },
    }),
  );
  return ok(result);
}

/** Payloads stripped per round of the retention sweep. */
export const RETENTION_BATCH = 500;

/**
 * The retention of Stripe's raw payloads: once processed, a payload keeps its personal data (emails, names, card
 * details) for `retentionDays` (what a replay or an investigation needs), then it is stripped, its ids and amounts
 * kept. Also strips what Stripe sent about an erased order after its erasure, and clears what such an event wrote back
 * into the order's payment. At most `maxRounds` batches per call.
 */
export async function stripOldPayloads(
  ports: {
    privacy: Pick<PrivacyRepository, 'stalePayloads' | 'storeRedactedPayloads' | 'clearErasedPaymentDetails'>;
    clock: Clock;
    retentionDays: number;
  },
  { maxRounds = 20 }: { maxRounds?: number } = {},
): Promise<{ payloads: number; payments: number }> {
  const now = ports.clock.now();
  const receivedBefore = new Date(now.getTime() - ports.retentionDays * 86_400_000);
  let payloads = 0;
  for (let round = 0; round < maxRounds; round++) {
    const stale = await ports.privacy.stalePayloads({ receivedBefore, limit: RETENTION_BATCH });
    if (stale.length === 0) break;
    payloads += await ports.privacy.storeRedactedPayloads(
      stale.map((row) => ({ id: row.id, payload: stripPersonalData(row.payload) })),
      now,
    );
    if (stale.length < RETENTION_BATCH) break;
  }
  const payments = await ports.privacy.clearErasedPaymentDetails();
  return { payloads, payments };
}
