// What staff read: each query takes its read model explicitly and answers the admin API's contract views.
import { createHash } from 'node:crypto';
import {
  auditCursor,
  inboxEventCursor,
  paymentCursor,
  type Actor,
  type AuditQuery,
  type AuditRepository,
  type AuthorizationRepository,
  type InboxEventQuery,
  type PaymentDetailRepository,
  type PaymentExplorerQuery,
  type PaymentExplorerRepository,
  type PaymentExplorerRow,
  type ReconciliationRepository,
  type RefundRepository,
  type WebhookAdminRepository,
} from '@storepay/db';
import {
  AUTHORIZATION_WARNING_MS,
  err,
  isAuthorizationExpiring,
  ok,
  type OpenAuthorizationList,
  type AuditPageView,
  type PaymentDetail,
  type PaymentPage,
  type RefundStatus,
  type RefundView,
  type Result,
  type StaffRole,
  type WebhookEventPage,
} from '@storepay/payments-core';
import { paymentDetailView } from './payment-detail';
import { auditBy, type Clock } from './ports';
import { notFound, type NotFound } from './refusals';
import { iso, maskEmail, masksEmails, refundView } from './views';

export type PaymentFilters = Omit<PaymentExplorerQuery, 'limit' | 'after'>;

/** One keyset page of the payments explorer (an order and its payment per row). */
export async function listPayments(
  ports: { paymentExplorer: PaymentExplorerRepository },
  query: PaymentExplorerQuery,
  role: StaffRole = 'admin',
): Promise<PaymentPage> {
  const { limit: _limit, after: _after, sort: _sort, ...filters } = query;
  const [page, disputeTotals] = await Promise.all([
    ports.paymentExplorer.list(query),
    ports.paymentExplorer.disputeTotals(filters),
  ]);
  const masked = masksEmails(role);
  return {
    payments: page.rows.map((row) => ({
      ...row,
      email: masked ? maskEmail(row.email) : row.email,
      createdAt: row.createdAt.toISOString(),
    })),
    nextCursor: page.next ? paymentCursor.encode(page.next) : null,
    disputeTotals,
  };
}

/** Rows per keyset page while exporting: the export never holds more than one page. */
export const EXPORT_PAGE_SIZE = 500;

/**
 * Every payment matching the filters, read a page at a time. Customer data leaving the system: who took it and with
 * which filter is audited before the first row is read.
 */
/**
 * What the audit log keeps of a search: a hash of the term, never the term (often an email). The same search always
 * hashes alike, so an investigation can still tell which exports searched for one address.
 */
export function auditedFilters({ search, ...filters }: PaymentFilters): Record<string, unknown> {
  if (search === undefined) return filters;
  const hashed = createHash('sha256').update(search.value.trim().toLowerCase()).digest('hex').slice(0, 16);
  return { ...filters, search: { kind: search.kind, sha256: hashed } };
}

/** The export of a role that may not take every email away: each row's email masked. */
async function* withMaskedEmails(rows: AsyncGenerator<PaymentExplorerRow>): AsyncGenerator<PaymentExplorerRow> {
  for await (const row of rows) yield { ...row, email: maskEmail(row.email) };
}

/**
 * The payments of a filter as CSV rows, audited first (with the search term hashed). Every customer's email leaves
 * in full only with an admin; a viewer's or support's export masks them.
 */
export async function exportPayments(
  ports: { paymentExplorer: PaymentExplorerRepository; audit: Pick<AuditRepository, 'append'> },
  { filters, actor }: { filters: PaymentFilters; actor: Actor & { role: StaffRole } },
): Promise<AsyncGenerator<PaymentExplorerRow>> {
  const masked = actor.role !== 'admin';
  await ports.audit.append(
    auditBy(actor, {
      action: 'payments.exported',
      targetType: 'payments',
      details: { filters: auditedFilters(filters), emails: masked ? 'masked' : 'full' },
    }),
  );
  const rows = ports.paymentExplorer.iterate(filters, EXPORT_PAGE_SIZE);
  return masked ? withMaskedEmails(rows) : rows;
}

/** One order's payment, refunds and dispute, with one timeline of everything that happened to it. */
export async function paymentDetail(
  ports: { paymentDetail: PaymentDetailRepository },
  orderId: string,
  role: StaffRole = 'admin',
): Promise<Result<PaymentDetail, NotFound>> {
  const record = await ports.paymentDetail.find(orderId.toLowerCase());
  if (!record) return err(notFound('order'));
  const detail = paymentDetailView(record);
  if (!masksEmails(role)) return ok(detail);
  const masked = maskEmail(detail.email);
  return ok({
    ...detail,
    email: masked,
    timeline: detail.timeline.map((entry) =>
      entry.kind === 'checkout' && entry.actor === detail.email ? { ...entry, actor: masked } : entry,
    ),
  });
}

/** The webhook inbox, newest first. */
export async function listInboxEvents(
  ports: { webhookAdmin: Pick<WebhookAdminRepository, 'list'> },
  query: InboxEventQuery,
): Promise<WebhookEventPage> {
  const page = await ports.webhookAdmin.list(query);
  return {
    nextCursor: page.next ? inboxEventCursor.encode(page.next) : null,
    events: page.events.map((event) => ({
      ...event,
      stripeCreatedAt: event.stripeCreatedAt.toISOString(),
      receivedAt: event.receivedAt.toISOString(),
      processedAt: iso(event.processedAt),
      nextAttemptAt: event.nextAttemptAt.toISOString(),
    })),
  };
}

/** The append-only audit log, newest first. */
export async function listAudit(
  ports: { audit: Pick<AuditRepository, 'list'> },
  query: AuditQuery,
): Promise<AuditPageView> {
  const page = await ports.audit.list(query);
  return {
    entries: page.entries.map((entry) => ({ ...entry, occurredAt: entry.occurredAt.toISOString() })),
    nextCursor: page.next === null ? null : auditCursor.encode(page.next),
  };
}

export async function listRefunds(
  ports: { refunds: Pick<RefundRepository, 'list'> },
  query: { status?: RefundStatus; orderId?: string; limit: number },
): Promise<RefundView[]> {
  return (await ports.refunds.list(query)).map((refund) => refundView(refund.orderId, refund));
}

/**
 * Open authorisations (manual capture), the soonest to lapse first, each flagged when it lapses within 24 hours;
 * `expiring`: only those. Viewers see emails masked.
 */
export async function listAuthorizations(
  ports: { authorizations: Pick<AuthorizationRepository, 'listOpen'>; clock: Clock },
  query: { expiring: boolean; limit: number },
  role: StaffRole = 'admin',
): Promise<OpenAuthorizationList> {
  const now = ports.clock.now();
  const rows = await ports.authorizations.listOpen({
    limit: query.limit,
    ...(query.expiring ? { lapsingBefore: new Date(now.getTime() + AUTHORIZATION_WARNING_MS) } : {}),
  });
  return {
    authorizations: rows.map((row) => ({
      ...row,
      authorizedAt: iso(row.authorizedAt),
      captureBefore: iso(row.captureBefore),
      expiringSoon: row.captureBefore !== null && isAuthorizationExpiring(row.captureBefore, now),
      email: row.email && masksEmails(role) ? maskEmail(row.email) : row.email,
    })),
  };
}

export function listReconciliations(ports: { reconciliationRuns: Pick<ReconciliationRepository, 'recent'> }) {
  return ports.reconciliationRuns.recent(20);
}
