import { describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../app';
import { waitFor } from '../test-support';
import { T0, createPaymentFixture, insertInboxEvent, paymentIntentEvent } from '../webhooks/test-events';
import { asStaff, createTestStaff, type TestStaff, startAdminTestSystem, type AdminTestSystem } from './test-kit';

describeEachDatabase('admin webhook routes on $name', ({ name }) => {
  let system: AdminTestSystem;
  let db: TestDatabase;
  let app: App;
  let admin: TestStaff;
  let viewer: TestStaff;

  beforeAll(async () => {
    system = await startAdminTestSystem(name, { emulator: true, env: { WEBHOOK_WORKER_POLL_MS: '20' } });
    ({ db, app } = system);
    admin = await createTestStaff(app, 'admin');
    viewer = await createTestStaff(app, 'viewer');
  });

  afterAll(async () => {
    await system.close();
  });

  it('replays a dead event: the worker applies it and the replay is audited', async () => {
    const fixture = await createPaymentFixture(db.prisma);
    // Dead after earlier failures (e.g. the database was down): the order stayed unpaid.
    const id = await insertInboxEvent(db.prisma, paymentIntentEvent(fixture, 'succeeded', T0), {
      status: 'dead',
      attempts: 8,
      lastError: 'connection refused',
    });
    const dead = await asStaff(app, viewer, { url: '/api/admin/webhooks/events?status=dead' });
    expect(dead.statusCode).toBe(200);
    expect(dead.json().events).toEqual([
      expect.objectContaining({
        id,
        status: 'dead',
        attempts: 8,
        lastError: 'connection refused',
        paymentIntentId: fixture.paymentIntentId,
      }),
    ]);

    expect(
      (await asStaff(app, viewer, { method: 'POST', url: `/api/admin/webhooks/events/${id}/replay` })).statusCode,
    ).toBe(403);
    const replay = await asStaff(app, admin, { method: 'POST', url: `/api/admin/webhooks/events/${id}/replay` });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual({ replayed: [id], skipped: [] });

    const row = await waitFor('the replayed event to be processed', async () => {
      const event = await db.prisma.webhookEvent.findUniqueOrThrow({ where: { id } });
      return event.status === 'processed' ? event : null;
    });
    expect(row.attempts).toBe(1);
    expect((await db.prisma.order.findUniqueOrThrow({ where: { id: fixture.orderId } })).status).toBe('paid');
    expect(await db.prisma.outboxMessage.count({ where: { orderId: fixture.orderId } })).toBe(1);
    const audit = await db.prisma.auditLog.findMany({ where: { action: 'webhook.replayed', targetId: id } });
    expect(audit).toEqual([expect.objectContaining({ actorId: admin.id, actorEmail: admin.email })]);

    // Replaying a processed event again changes nothing: same state, still one fulfilment.
    await asStaff(app, admin, { method: 'POST', url: `/api/admin/webhooks/events/${id}/replay` });
    await waitFor(
      'the second replay',
      async () => (await db.prisma.webhookEvent.findUniqueOrThrow({ where: { id } })).status === 'processed',
    );
    expect(await db.prisma.outboxMessage.count({ where: { orderId: fixture.orderId } })).toBe(1);
  });

  it('replays a selection, reports what it skipped, and validates the ids', async () => {
    const fixture = await createPaymentFixture(db.prisma);
    const ids = [
      await insertInboxEvent(db.prisma, paymentIntentEvent(fixture, 'requires_action', T0), {
        status: 'failed',
        attempts: 2,
        // Its next attempt is far off, so the running worker does not take it before the replay does.
        nextAttemptAt: new Date(Date.now() + 3_600_000),
      }),
      await insertInboxEvent(db.prisma, paymentIntentEvent(fixture, 'succeeded', T0 + 1), {
        status: 'dead',
        attempts: 8,
      }),
    ];
    const held = await insertInboxEvent(
      db.prisma,
      paymentIntentEvent(await createPaymentFixture(db.prisma), 'succeeded', T0),
      {
        status: 'processing',
        lockedAt: new Date(),
        lockedBy: 'another-worker',
      },
    );
    const missing = '00000000-0000-4000-8000-000000000001';
    const response = await asStaff(app, admin, {
      method: 'POST',
      url: '/api/admin/webhooks/events/replay',
      payload: { ids: [...ids, held, missing] },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      replayed: ids,
      skipped: [
        { id: held, reason: 'in_progress' },
        { id: missing, reason: 'not_found' },
      ],
    });
    await waitFor(
      'the selection to be applied',
      async () => (await db.prisma.order.findUniqueOrThrow({ where: { id: fixture.orderId } })).status === 'paid',
    );
    expect(
      (await asStaff(app, admin, { method: 'POST', url: `/api/admin/webhooks/events/${held}/replay` })).statusCode,
    ).toBe(409);
    expect(
      (await asStaff(app, admin, { method: 'POST', url: `/api/admin/webhooks/events/${missing}/replay` })).statusCode,
    ).toBe(404);
    // Ids are UUIDs whatever their case.
    const upper = await asStaff(app, admin, {
      method: 'POST',
      url: `/api/admin/webhooks/events/${ids[0]!.toUpperCase()}/replay`,
    });
    expect(upper.json().replayed).toEqual([ids[0]]);

    const invalid = await asStaff(app, admin, {
      method: 'POST',
      url: '/api/admin/webhooks/events/replay',
      payload: { ids: ['nope'] },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.fields).toEqual({ 'ids.0': 'must be inbox event ids' });
    const empty = await asStaff(app, admin, {
      method: 'POST',
      url: '/api/admin/webhooks/events/replay',
      payload: { ids: [] },
    });
    expect(empty.json().error.fields).toEqual({ ids: 'select at least one event' });
  });

  it('pages through the inbox newest first with a cursor, filtered by type', async () => {
    const fixture = await createPaymentFixture(db.prisma);
    for (let i = 0; i < 5; i++) {
      await insertInboxEvent(db.prisma, paymentIntentEvent(fixture, 'processing', T0 + i), {
        status: 'ignored',
        receivedAt: new Date(Date.UTC(2030, 0, 1, 0, 0, i)),
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/admin/webhooks/events?type=payment_intent.processing&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await asStaff(app, viewer, { url: query })).json();
      seen.push(...page.events.map((e: { stripeCreatedAt: string }) => e.stripeCreatedAt));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([4, 3, 2, 1, 0].map((i) => new Date((T0 + i) * 1000).toISOString()));
    expect((await asStaff(app, viewer, { url: '/api/admin/webhooks/events?status=lost' })).statusCode).toBe(400);
    const tampered = Buffer.from(`2030-01-01T00:00:00.000Z|${'-'.repeat(36)}`).toString('base64url');
    const badCursor = await asStaff(app, viewer, { url: `/api/admin/webhooks/events?cursor=${tampered}` });
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().error.fields).toEqual({ cursor: 'must be a cursor from a previous page' });
    const audit = await asStaff(app, admin, { url: '/api/admin/audit?cursor=9999999999999999999' });
    expect(audit.statusCode).toBe(400);
  });

  it('runs a reconciliation on demand, records who started it, and lists it', async () => {
    const response = await asStaff(app, admin, { method: 'POST', url: '/api/admin/reconciliations' });
    expect(response.statusCode).toBe(201);
    const run = response.json();
    expect(run).toMatchObject({
      status: 'succeeded',
      eventsListed: expect.any(Number),
      finishedAt: expect.any(String),
    });
    expect((await db.prisma.reconciliationRun.findUniqueOrThrow({ where: { id: run.id } })).triggeredById).toBe(
      admin.id,
    );
    const list = await asStaff(app, viewer, { url: '/api/admin/reconciliations' });
    expect(list.json().runs[0]).toMatchObject({ id: run.id });
    expect(await db.prisma.auditLog.count({ where: { action: 'reconciliation.run', targetId: run.id } })).toBe(1);
  });
});
