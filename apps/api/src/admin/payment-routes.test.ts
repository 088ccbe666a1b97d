import { randomUUID } from 'node:crypto';
import { describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import { ORDER_STATUSES, type OrderStatus, type PaymentListItem } from '@storepay/payments-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../app';
import { EXPORT_PAGE_SIZE } from '../use-cases/admin-queries';
import { asStaff, createTestStaff, type TestStaff, startAdminTestSystem, type AdminTestSystem } from './test-kit';

/** One seeded order and its payment, as the list should show it. */
interface Seeded {
  orderId: string;
  paymentIntentId: string | null;
  status: OrderStatus;
  amount: number;
  currency: string;
  email: string;
  cardLast4: string | null;
  createdAt: Date;
}

const BASE = Date.parse('2026-10-01T00:00:00.000Z');
const CURRENCIES = ['usd', 'eur', 'jpy'];
/** More rows than one export page, with ties: three orders per instant, seven distinct amounts. */
const COUNT = EXPORT_PAGE_SIZE + 130;
const TRICKY_EMAIL = '=HYPERLINK("x"),\nBob@Example.com';

function seedRows(): Seeded[] {
  const rows: Seeded[] = [];
  for (let i = 0; i < COUNT; i++) {
    rows.push({
      orderId: randomUUID(),
      paymentIntentId: i % 41 === 0 ? null : `pi_list_${i}`,
      status: ORDER_STATUSES[i % ORDER_STATUSES.length]!,
      amount: 1000 + (i % 7) * 250,
      currency: CURRENCIES[i % 3]!,
      email: i === 5 ? 'Mixed.Case@Example.com' : i === 6 ? TRICKY_EMAIL : `buyer${i % 50}@example.com`,
      cardLast4: i % 41 === 0 ? null : String(i % 100).padStart(4, '0'),
      createdAt: new Date(BASE + Math.floor(i / 3) * 60_000),
    });
  }
  return rows;
}

const byCreated = (a: Seeded, b: Seeded) =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.orderId < b.orderId ? -1 : 1);
const byAmount = (a: Seeded, b: Seeded) => a.amount - b.amount || (a.orderId < b.orderId ? -1 : 1);

describeEachDatabase('admin payments explorer on $name', ({ name }) => {
  let system: AdminTestSystem;
  let db: TestDatabase;
  let app: App;
  let viewer: TestStaff;
  let admin: TestStaff;
  let rows: Seeded[];

  beforeAll(async () => {
    system = await startAdminTestSystem(name, { env: { API_MODE: 'http' } });
    ({ db, app } = system);
    viewer = await createTestStaff(app, 'viewer');
    admin = await createTestStaff(app, 'admin');
    rows = seedRows();
    await db.prisma.order.createMany({
      data: rows.map((row) => ({
        id: row.orderId,
        status: row.status,
        currency: row.currency,
        amount: row.amount,
        email: row.email,
        createdAt: row.createdAt,
      })),
    });
    await db.prisma.payment.createMany({
      data: rows
        .filter((row) => row.paymentIntentId)
        .map((row) => ({
          orderId: row.orderId,
          stripePaymentIntentId: row.paymentIntentId!,
          status: 'succeeded' as const,
          currency: row.currency,
          amount: row.amount,
          amountReceived: row.amount,
          cardBrand: 'visa',
          cardLast4: row.cardLast4,
        })),
    });
  });

  afterAll(async () => {
    await system.close();
  });

  const get = (url: string) => asStaff(app, viewer, { url });

  /** Follows nextCursor to the end; fails on a repeated row so a broken cursor cannot loop or duplicate. */
  async function allPages(query: string, limit: number): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await get(
        `/api/admin/payments?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json<{ payments: PaymentListItem[]; nextCursor: string | null }>();
      expect(page.payments.length).toBeLessThanOrEqual(limit);
      ids.push(...page.payments.map((payment) => payment.orderId));
      cursor = page.nextCursor;
      pages++;
      expect(pages).toBeLessThan(1000);
    } while (cursor);
    expect(new Set(ids).size).toBe(ids.length);
    return { ids, pages };
  }

  const ids = (list: Seeded[]) => list.map((row) => row.orderId);

  it('lists the newest first by default, with the payment joined in', async () => {
    const response = await get('/api/admin/payments');
    expect(response.statusCode).toBe(200);
    const page = response.json();
    const newest = [...rows].sort(byCreated).reverse();
    expect(page.payments.map((p: PaymentListItem) => p.orderId)).toEqual(ids(newest.slice(0, 25)));
    const first = newest[0]!;
    expect(page.payments[0]).toEqual({
      orderId: first.orderId,
      paymentIntentId: first.paymentIntentId,
      status: first.status,
      paymentStatus: first.paymentIntentId ? 'succeeded' : null,
      amount: first.amount,
      amountRefunded: 0,
      currency: first.currency,
      // A viewer sees the shopper's email masked; support and admins see it whole.
      email: `${first.email[0]}***${first.email.slice(first.email.lastIndexOf('@'))}`,
      cardBrand: first.paymentIntentId ? 'visa' : null,
      cardLast4: first.cardLast4,
      createdAt: first.createdAt.toISOString(),
    });
    expect(page.nextCursor).toEqual(expect.any(String));
    const asAdmin = (await asStaff(app, admin, { url: '/api/admin/payments?limit=1' })).json();
    expect(asAdmin.payments[0].email).toBe(first.email);
    // An order without a payment is still listed.
    const unpaid = rows.find((row) => !row.paymentIntentId)!;
    const found = await get(`/api/admin/payments?q=${unpaid.orderId}`);
    expect(found.json().payments).toEqual([
      expect.objectContaining({ orderId: unpaid.orderId, paymentIntentId: null, cardLast4: null }),
    ]);
  });

  it.each([
    ['created_desc', (list: Seeded[]) => [...list].sort(byCreated).reverse()],
    ['created_asc', (list: Seeded[]) => [...list].sort(byCreated)],
    ['amount_desc', (list: Seeded[]) => [...list].sort(byAmount).reverse()],
    ['amount_asc', (list: Seeded[]) => [...list].sort(byAmount)],
  ])('pages through every row sorted %s without skipping or repeating ties', async (sort, expected) => {
    const { ids: listed, pages } = await allPages(`sort=${sort}`, 7);
    expect(listed).toEqual(ids(expected(rows)));
    expect(pages).toBe(Math.ceil(COUNT / 7));
  });

  it('narrows by status (several), currency, date range and amount range, across pages', async () => {
    const from = new Date(BASE + 20 * 60_000);
    const to = new Date(BASE + 120 * 60_000);
    const cases: [string, (row: Seeded) => boolean][] = [
      ['status=paid', (row) => row.status === 'paid'],
      ['status=paid,refunded,disputed', (row) => ['paid', 'refunded', 'disputed'].includes(row.status)],
      ['currency=EUR', (row) => row.currency === 'eur'],
      [`from=${from.toISOString()}&to=${to.toISOString()}`, (row) => row.createdAt >= from && row.createdAt < to],
      ['from=2026-10-01&to=2026-10-01T00:30:00Z', (row) => row.createdAt.getTime() < BASE + 30 * 60_000],
      [
        'currency=usd&minAmount=1250&maxAmount=1750',
        (row) => row.currency === 'usd' && row.amount >= 1250 && row.amount <= 1750,
      ],
      [
        `status=failed,canceled&currency=jpy&from=${from.toISOString()}&sort=amount_desc`,
        (row) => ['failed', 'canceled'].includes(row.status) && row.currency === 'jpy' && row.createdAt >= from,
      ],
    ];
    for (const [query, keep] of cases) {
      const expected = rows.filter(keep);
      expect(expected.length, query).toBeGreaterThan(0);
      expect(expected.length, query).toBeLessThan(rows.length);
      const sorted = query.includes('amount_desc')
        ? [...expected].sort(byAmount).reverse()
        : [...expected].sort(byCreated).reverse();
      expect((await allPages(query, 10)).ids, query).toEqual(ids(sorted));
    }
  });

  it('finds a payment by order id, PaymentIntent id, email (any case) and card last4', async () => {
    const target = rows[100]!;
    const search = async (q: string) =>
      (
        (await get(`/api/admin/payments?q=${encodeURIComponent(q)}&limit=100`)).json().payments as PaymentListItem[]
      ).map((p) => p.orderId);
    expect(await search(target.orderId.toUpperCase())).toEqual([target.orderId]);
    expect(await search(target.paymentIntentId!)).toEqual([target.orderId]);
    expect(await search('MIXED.case@example.COM')).toEqual([rows[5]!.orderId]);
    const sameEmail = rows
      .filter((row) => row.email === 'buyer7@example.com')
      .sort(byCreated)
      .reverse();
    expect(sameEmail.length).toBeGreaterThan(1);
    expect(await search('Buyer7@Example.com')).toEqual(ids(sameEmail));
    const sameLast4 = rows
      .filter((row) => row.cardLast4 === '0042')
      .sort(byCreated)
      .reverse();
    expect(sameLast4.length).toBeGreaterThan(1);
    expect(await search('0042')).toEqual(ids(sameLast4));
    expect(await search('nobody@example.com')).toEqual([]);
    expect(await search('pi_does_not_exist')).toEqual([]);
  });

  it('narrows to disputed payments (open, won, lost) and sums their disputes over every page, per currency', async () => {
    const outcomes = ['needs_response', 'won', 'lost', 'warning_closed', 'under_review'] as const;
    const paid = rows.filter((row) => row.paymentIntentId).filter((_, i) => i % 13 === 0);
    const payments = await db.prisma.payment.findMany({
      where: { stripePaymentIntentId: { in: paid.map((row) => row.paymentIntentId!) } },
    });
    const disputes = paid.map((row, i) => ({
      row,
      status: outcomes[i % outcomes.length]!,
      amount: row.amount - (i % 3),
    }));
    await db.prisma.dispute.createMany({
      data: disputes.map(({ row, status, amount }, i) => ({
        paymentId: payments.find((payment) => payment.stripePaymentIntentId === row.paymentIntentId)!.id,
        stripeDisputeId: `dp_explorer_${i}`,
        amount,
        currency: row.currency,
        reason: 'fraudulent',
        status,
        lastStripeEventAt: row.createdAt,
      })),
    });
    const sums = (keep: (dispute: (typeof disputes)[number]) => boolean) => {
      const totals: Record<string, number> = {};
      for (const dispute of disputes.filter(keep))
        totals[dispute.row.currency] = (totals[dispute.row.currency] ?? 0) + dispute.amount;
      return totals;
    };
    const open = (status: string) => status === 'needs_response' || status === 'under_review';
    const cases: [string, (dispute: (typeof disputes)[number]) => boolean][] = [
      ['dispute=any', () => true],
      ['dispute=open', ({ status }) => open(status)],
      ['dispute=won', ({ status }) => status === 'won'],
      ['dispute=lost&currency=eur', ({ status, row }) => status === 'lost' && row.currency === 'eur'],
    ];
    for (const [query, keep] of cases) {
      const expected = disputes.filter(keep).map(({ row }) => row);
      expect(expected.length, query).toBeGreaterThan(0);
      expect((await allPages(query, 4)).ids, query).toEqual(ids([...expected].sort(byCreated).reverse()));
      // The totals cover every page, so the first page of 1 row carries them all.
      const { disputeTotals } = (await get(`/api/admin/payments?${query}&limit=1`)).json();
      expect(disputeTotals, query).toEqual({
        atRisk: sums((dispute) => keep(dispute) && open(dispute.status)),
        won: sums((dispute) => keep(dispute) && dispute.status === 'won'),
        lost: sums((dispute) => keep(dispute) && dispute.status === 'lost'),
      });
    }
    // Without a dispute filter the totals are those of every payment the other filters match.
    const usd = (await get('/api/admin/payments?currency=usd&limit=1')).json();
    expect(usd.disputeTotals.won).toEqual(sums(({ status, row }) => status === 'won' && row.currency === 'usd'));
    // The disputes page sums every dispute, as the unfiltered explorer does.
    const page = (await get('/api/admin/disputes')).json();
    expect(page.totals).toEqual((await get('/api/admin/payments?limit=1')).json().disputeTotals);
    await db.prisma.dispute.deleteMany({ where: { stripeDisputeId: { startsWith: 'dp_explorer_' } } });
  });

  it('answers 400 naming the field for every bad parameter', async () => {
    const cursor = (await get('/api/admin/payments?limit=2')).json().nextCursor as string;
    const cases: [string, string][] = [
      ['status=paid,bogus', 'status'],
      ['dispute=pending', 'dispute'],
      ['currency=dollars', 'currency'],
      ['minAmount=100', 'currency'],
      ['maxAmount=100', 'currency'],
      ['currency=usd&minAmount=12.5', 'minAmount'],
      ['currency=usd&minAmount=500&maxAmount=100', 'maxAmount'],
      ['from=yesterday', 'from'],
      ['to=2026-13-45', 'to'],
      ['from=2026-10-02&to=2026-10-01', 'to'],
      ['q=hello%20world', 'q'],
      ['sort=newest', 'sort'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=ten', 'limit'],
      ['cursor=garbage', 'cursor'],
      [`sort=amount_asc&cursor=${cursor}`, 'cursor'],
    ];
    for (const [query, field] of cases) {
      const response = await get(`/api/admin/payments?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(Object.keys(response.json().error.fields), query).toEqual([field]);
    }
    const exportResponse = await get('/api/admin/payments/export.csv?minAmount=1');
    expect(exportResponse.statusCode).toBe(400);
    expect(exportResponse.json().error.fields).toEqual({ currency: expect.any(String) });
  });

  it('requires a session', async () => {
    expect((await asStaff(app, null, { url: '/api/admin/payments' })).statusCode).toBe(401);
    expect((await asStaff(app, null, { url: '/api/admin/payments/export.csv' })).statusCode).toBe(401);
  });

  it('exports every matching row as CSV, more rows than one page, escaped and in major units', async () => {
    // Every email in full: an admin's export.
    const response = await asStaff(app, admin, { url: '/api/admin/payments/export.csv' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="payments-[\dT-]+\.csv"$/);
    const lines = response.body.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe(
      'order_id,created_at,status,payment_status,payment_intent_id,email,currency,amount,amount_refunded,card_brand,card_last4',
    );
    // The tricky email holds a line break inside quotes: count records by their leading order id instead.
    const records = response.body.split(/\r\n(?=[0-9a-f]{8}-)/).slice(1);
    expect(records.length).toBe(COUNT);
    expect(COUNT).toBeGreaterThan(EXPORT_PAGE_SIZE);
    expect(await db.prisma.auditLog.count({ where: { action: 'payments.exported', actorId: admin.id } })).toBe(1);
    const newest = [...rows].sort(byCreated).reverse();
    expect(records.map((record) => record.slice(0, 36))).toEqual(ids(newest));

    const usd = rows.find((row) => row.currency === 'usd' && row.amount === 1250 && row.paymentIntentId)!;
    expect(records).toContain(
      `${usd.orderId},${usd.createdAt.toISOString()},${usd.status},succeeded,${usd.paymentIntentId},${usd.email},USD,12.50,0.00,visa,${usd.cardLast4}\r\n`.trimEnd(),
    );
    const jpy = rows.find((row) => row.currency === 'jpy' && row.amount === 1500)!;
    expect(records.find((record) => record.startsWith(jpy.orderId))).toContain(',JPY,1500,0,');
    const tricky = rows[6]!;
    expect(records.find((record) => record.startsWith(tricky.orderId))).toContain(
      `,"'=HYPERLINK(""x""),\nBob@Example.com",`,
    );
  });

  it('masks every email in the export of a role below admin', async () => {
    const response = await get('/api/admin/payments/export.csv?currency=usd');
    expect(response.statusCode).toBe(200);
    const usd = rows.find((row) => row.currency === 'usd' && row.amount === 1250 && row.paymentIntentId)!;
    expect(response.body).not.toContain(usd.email);
    expect(response.body).toContain(`,${usd.email[0]}***@`);
  });

  it('exports only the filtered rows', async () => {
    const response = await get('/api/admin/payments/export.csv?currency=eur&status=paid,refunded');
    const expected = rows
      .filter((row) => row.currency === 'eur' && ['paid', 'refunded'].includes(row.status))
      .sort(byCreated)
      .reverse();
    const lines = response.body.trimEnd().split('\r\n').slice(1);
    expect(lines.map((line) => line.slice(0, 36))).toEqual(ids(expected));
  });
});
