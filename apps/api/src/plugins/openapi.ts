import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { apiErrorSchema } from '@storepay/payments-core';
import type { RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config';

export interface OpenApiPluginOptions {
  config: Config;
}

/** The description's title. */
export const OPENAPI_TITLE = 'storepay API';

type ResponseSchemas = Record<string, unknown>;

// The one error shape, described once (components.schemas.ApiError) and referred to by every error response.
if (!z.globalRegistry.has(apiErrorSchema)) z.globalRegistry.add(apiErrorSchema, { id: 'ApiError' });

/**
 * The errors every route may answer besides those it declares: 400 when it validates input, 401 and 403 behind the
 * admin's access check, 500 for a fault. Added to the route's own response schemas, so an error body is serialized
 * (and checked) like any other answer, and the description lists it.
 */
function addCommonErrors(route: RouteOptions): void {
  const schema = route.schema;
  if (!schema || schema.hide) return;
  const responses = { ...((schema.response as ResponseSchemas | undefined) ?? {}) };
  const add = (status: number) => {
    responses[status] ??= apiErrorSchema;
  };
  if (schema.body || schema.params || schema.querystring) add(400);
  if ((route.config as { access?: string } | undefined)?.access) {
    add(401);
    add(403);
  }
  add(500);
  schema.response = responses;
}

/**
 * The API's OpenAPI 3.1 description, generated from the routes' zod schemas (fastify-type-provider-zod's transform),
 * served as `GET /openapi.json` with interactive docs at `/docs` when API_DOCS allows (off in production unless
 * asked for). `docs/openapi.json` is the committed copy; a test fails when the routes drift from it.
 */
export const openApiPlugin = fp<OpenApiPluginOptions>(
  async (app, { config }) => {
    app.addHook('onRoute', addCommonErrors);
    if (!config.docs) return;
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: OPENAPI_TITLE,
          version: '1',
          description:
            'The shop (catalog, checkout, order status), the Stripe webhook receiver, and the admin API. Every error ' +
            'answers `{ error: { code, message, fields? } }`; `fields` names each invalid input. Writes to the admin ' +
            'API need the staff session cookie and the `x-csrf-token` header of that session.',
        },
        tags: [
          { name: 'shop', description: 'What the storefront calls' },
          { name: 'webhooks', description: "Stripe's deliveries" },
          { name: 'admin', description: 'The admin dashboard (staff session)' },
          { name: 'health', description: 'Liveness and readiness' },
        ],
      },
      transform: (document) => {
        const transformed = jsonSchemaTransform(document);
        const url = document.url;
        const tag = url.startsWith('/api/admin')
          ? 'admin'
          : url.startsWith('/webhooks')
            ? 'webhooks'
            : url.startsWith('/api')
              ? 'shop'
              : 'health';
        const schema: Record<string, unknown> = { ...transformed.schema, tags: [tag] };
        // A CSV export streams its body: described as text/csv rather than by a schema fastify would apply.
        if (url.endsWith('.csv')) {
          schema.response = {
            ...(schema.response as ResponseSchemas),
            200: { description: 'The rows as CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
          };
        }
        return { ...transformed, schema };
      },
      transformObject: jsonSchemaTransformObject,
    });
    app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
    // The page's own CSP (its scripts and styles are served from the package, nothing from elsewhere).
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      uiConfig: { validatorUrl: null },
      staticCSP: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'object-src': ["'none'"],
      },
    });
  },
  { name: 'openapi' },
);
