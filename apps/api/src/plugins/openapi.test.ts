// The API's OpenAPI description: served where API_DOCS allows, generated from the routes' own schemas, complete in
// its error responses, and the same as the committed copy (docs/openapi.json). After changing a route, refresh the
// copy with `npm run openapi` and review its diff.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@storepay/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../app';
import { loadConfig } from '../config';

const COMMITTED = fileURLToPath(new URL('../../../../docs/openapi.json', import.meta.url));

interface Operation {
  tags?: string[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

describe('OpenAPI description', () => {
  let db: TestDatabase;
  let app: App;
  let document: Document;

  const build = (env: NodeJS.ProcessEnv, database = db) =>
    buildApp({
      config: loadConfig({ SEED_DEMO_CATALOG: 'false', RECONCILE_INTERVAL_MS: '0', API_MODE: 'http', ...env }),
      database,
      logger: false,
    });
  const operations = () =>
    Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
    );

  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    app = await build({});
    await app.ready();
    const response = await app.inject('/openapi.json');
    expect(response.statusCode).toBe(200);
    document = response.json<Document>();
  });

  afterAll(async () => {
    await app.close();
    await db.destroy();
  });

  it('is OpenAPI 3.1 and describes every route the API serves (admin routes included)', () => {
    expect(document.openapi).toBe('3.1.0');
    const described = new Set(operations().map(({ route }) => route));
    for (const { method, url } of app.adminRoutes) {
      expect(described, `${method} ${url}`).toContain(`${method} ${url.replace(/:(\w+)/g, '{$1}')}`);
    }
    for (const route of ['POST /api/checkout', 'GET /api/orders/{id}', 'POST /webhooks/stripe', 'GET /ready']) {
      expect(described).toContain(route);
    }
    expect(described).not.toContain('GET /openapi.json');
  });

  it('documents every route’s error responses with the one error shape', () => {
    const errorShape = JSON.stringify(document.paths['/api/checkout']!.post!.responses['400']!.content);
    for (const { route, operation } of operations()) {
      const statuses = Object.keys(operation.responses);
      expect(
        statuses.some((status) => /^2/.test(status)),
        `${route} answers success`,
      ).toBe(true);
      expect(statuses, route).toContain('500');
      if (operation.parameters?.length || operation.requestBody) expect(statuses, route).toContain('400');
      if (route.includes(' /api/admin/')) expect(statuses, route).toEqual(expect.arrayContaining(['401', '403']));
      for (const status of statuses.filter((status) => /^[45]/.test(status))) {
        expect(JSON.stringify(operation.responses[status]!.content), `${route} ${status}`).toBe(errorShape);
      }
    }
    expect(errorShape).toContain('#/components/schemas/ApiError');
    const apiError = JSON.stringify(document.components.schemas.ApiError);
    for (const field of ['code', 'message', 'fields']) expect(apiError).toContain(`"${field}"`);
  });

  it('answers an admin route’s documented 401 in the documented shape', async () => {
    const response = await app.inject('/api/admin/refunds');
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
  });

  it('is the same as the committed docs/openapi.json (run `npm run openapi` after changing a route)', () => {
    const generated = `${JSON.stringify(document, null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(COMMITTED, generated);
    expect(readFileSync(COMMITTED, 'utf8'), 'docs/openapi.json is stale: run `npm run openapi`').toBe(generated);
  });

  it('serves interactive docs at /docs with a policy that loads nothing from elsewhere', async () => {
    const page = await app.inject('/docs');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui');
    const policy = page.headers['content-security-policy'] as string;
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/https?:/);
  });

  it('is off in production unless API_DOCS=true, and on when asked for', async () => {
    // A database of its own: the demo admin the first app made would (rightly) stop a production start.
    const productionDb = await createTestDatabase('pglite');
    const production = { NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_PUBLISHABLE_KEY: 'pk_test_x' };
    const secret = { STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('hex')}` };
    const cases: [NodeJS.ProcessEnv, number][] = [
      [{ ...production, ...secret }, 404],
      [{ ...production, ...secret, API_DOCS: 'true' }, 200],
      [{ API_DOCS: 'false' }, 404],
    ];
    for (const [env, status] of cases) {
      const other = await build(env, productionDb);
      try {
        expect((await other.inject('/openapi.json')).statusCode, JSON.stringify(env.API_DOCS)).toBe(status);
        expect((await other.inject('/docs')).statusCode).toBe(status);
      } finally {
        await other.close();
      }
    }
    await productionDb.destroy();
  });
});
