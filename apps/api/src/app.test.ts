import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { seedCatalog } from '@storepay/db';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import { productListSchema } from '@storepay/payments-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from './app';
import { TEST_PASSWORD_COST } from './admin/test-kit';
import { DEMO_ADMIN, loadConfig } from './config';
import { loggerOptions } from './logger';
import { hashPassword } from './security/passwords';

describeEachDatabase('API on $name', ({ name }) => {
  let db: TestDatabase;
  let app: App;
  const logs: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(name);
    await seedCatalog(db);
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    app = await buildApp({
      config: loadConfig({ SEED_DEMO_CATALOG: 'false' }),
      database: db,
      logger: loggerOptions({ log: { level: 'info', format: 'json' } }, stream),
    });
  });

  afterAll(async () => {
    await app.close();
    await db.destroy();
  });

  it('answers /health and /ready', async () => {
    expect((await app.inject('/health')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: name });
  });

  it('lists the catalog from the database', async () => {
    const response = await app.inject('/api/products');
    expect(response.statusCode).toBe(200);
    const { products } = productListSchema.parse(response.json());
    expect(products.map((p) => p.slug)).toContain('burr-grinder');
    const grinder = products.find((p) => p.slug === 'burr-grinder');
    expect(grinder?.prices).toContainEqual({ currency: 'jpy', unitAmount: 18500 });
  });

  it('answers unknown routes with the error envelope', async () => {
    const response = await app.inject('/api/nope');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'not_found', message: 'no route for GET /api/nope' } });
  });

  it('never logs credentials', async () => {
    await app.inject({
      url: '/api/products',
      headers: { authorization: 'Bearer sk_test_supersecret', cookie: 'session=topsecretcookie' },
    });
    const text = logs.join('');
    expect(text).toContain('/api/products');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('supersecret');
    expect(text).not.toContain('topsecretcookie');
  });
});

describe('readiness', () => {
  it('answers 503 when the database is gone', async () => {
    const db = await createTestDatabase('pglite');
    const app = await buildApp({ config: loadConfig({ SEED_DEMO_CATALOG: 'false' }), database: db, logger: false });
    await db.destroy();
    const response = await app.inject('/ready');
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('not_ready');
    await app.close();
  });
});

describe('outside the demo', () => {
  const realKeys = {
    STRIPE_SECRET_KEY: 'sk_test_real',
    STRIPE_PUBLISHABLE_KEY: 'pk_test_real',
    SEED_DEMO_CATALOG: 'false',
  };

  it('refuses to start while an account has the demo admin’s published password, naming it', async () => {
    const db = await createTestDatabase('pglite');
    try {
      await db.prisma.staffUser.create({
        data: {
          email: 'carried-over@example.com',
          name: 'Carried over',
          role: 'admin',
          passwordHash: await hashPassword(DEMO_ADMIN.password, TEST_PASSWORD_COST),
        },
      });
      await expect(buildApp({ config: loadConfig(realKeys), database: db, logger: false })).rejects.toThrow(
        /carried-over@example\.com has the demo admin's published password/,
      );
      // The demo itself starts on it (its admin has that password by design).
      const demo = await buildApp({ config: loadConfig({ SEED_DEMO_CATALOG: 'false' }), database: db, logger: false });
      await demo.close();
    } finally {
      await db.destroy();
    }
  });

  it('creates no demo admin', async () => {
    const db = await createTestDatabase('pglite');
    try {
      const app = await buildApp({ config: loadConfig(realKeys), database: db, logger: false });
      expect(await db.prisma.staffUser.count()).toBe(0);
      await app.close();
    } finally {
      await db.destroy();
    }
  });
});

describe('the HTTP edge', () => {
  it('answers with security headers, its own request id, and logs no query string nor a client’s id as its own', async () => {
    const db = await createTestDatabase('pglite');
    const logs: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    const app = await buildApp({
      config: loadConfig({ SEED_DEMO_CATALOG: 'false' }),
      database: db,
      logger: loggerOptions({ log: { level: 'info', format: 'json' } }, stream),
    });
    try {
      const response = await app.inject({
        url: '/api/products?q=ann%40example.com',
        headers: { 'x-request-id': 'client-chosen-id' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers).toMatchObject({
        'content-security-policy': expect.stringContaining("default-src 'none'"),
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
      });
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      const id = String(response.headers['x-request-id']);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const text = logs.join('');
      expect(text).not.toContain('ann%40example.com');
      expect(text).not.toContain('"reqId":"client-chosen-id"');
      expect(text).toContain(`"reqId":"${id}"`);
      expect(text).toContain('"clientRequestId":"client-chosen-id"');
    } finally {
      await app.close();
      await db.destroy();
    }
  });

  it('drops a connection that sends nothing for longer than the connection timeout (slowloris)', async () => {
    const db = await createTestDatabase('pglite');
    const app = await buildApp({
      config: loadConfig({ SEED_DEMO_CATALOG: 'false', API_CONNECTION_TIMEOUT_MS: '300' }),
      database: db,
      logger: false,
    });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as { port: number };
      const closedAfterMs = await new Promise<number>((resolve, reject) => {
        const started = Date.now();
        const socket = connect(port, '127.0.0.1', () => socket.write('GET /health HTTP/1.1\r\nHost: x\r\n'));
        socket.on('close', () => resolve(Date.now() - started));
        socket.on('error', reject);
        setTimeout(() => reject(new Error('the half-sent request kept its connection')), 5_000).unref();
      });
      expect(closedAfterMs).toBeLessThan(3_000);
    } finally {
      await app.close();
      await db.destroy();
    }
  });
});
