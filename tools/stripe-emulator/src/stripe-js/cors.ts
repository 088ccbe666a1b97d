import type { FastifyInstance } from 'fastify';

const EXPOSED = 'Request-Id, Stripe-Version, Idempotent-Replayed, Stripe-Should-Retry';

/**
 * Browsers call the /v1 API cross-origin (Stripe.js on the merchant's page, with the publishable key), as they
 * call api.stripe.com: answer preflights and allow any origin. No cookies are involved, so `*` is enough.
 */
export function registerApiCors(app: FastifyInstance): void {
  app.route({
    method: 'OPTIONS',
    url: '/v1/*',
    handler: (request, reply) => {
      const requested = request.headers['access-control-request-headers'];
      return reply
        .code(204)
        .header('access-control-allow-origin', '*')
        .header('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS')
        .header(
          'access-control-allow-headers',
          typeof requested === 'string' ? requested : 'Authorization, Content-Type, Idempotency-Key, Stripe-Version',
        )
        .header('access-control-max-age', '300')
        .send();
    },
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/v1/') && request.method !== 'OPTIONS') {
      void reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', EXPOSED);
    }
    return payload;
  });
}
