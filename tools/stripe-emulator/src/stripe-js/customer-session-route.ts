import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import { liveCustomerSession } from '../resources/customer-sessions';
import type { PaymentMethodObject } from '../resources/payment-methods';

/**
 * What the Payment Element's frame asks with a CustomerSession's client secret (real Stripe.js asks its own
 * elements endpoints): whether it may offer to save a card, and the Customer's cards it may show again (those whose
 * `allow_redisplay` the session's filters allow), newest first. Cards are described, never their numbers.
 */
export function registerCustomerSessionRoute(app: FastifyInstance, emulator: Emulator): void {
  app.get<{ Querystring: { client_secret?: string } }>('/js.stripe.com/v3/customer-session', async (request, reply) => {
    void reply.header('access-control-allow-origin', '*').header('cache-control', 'no-store');
    const key = /^Bearer (pk_test_\w+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!key)
      return reply
        .code(401)
        .send({ error: { type: 'invalid_request_error', message: 'A publishable key is required.' } });
    const session = liveCustomerSession(emulator, request.query.client_secret ?? '');
    const features = session?.components.payment_element.features;
    if (!session || !features) {
      return reply.code(400).send({
        error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such customer session.' },
      });
    }
    const shown =
      features.payment_method_redisplay === 'enabled'
        ? emulator.store
            .list<PaymentMethodObject>('payment_method')
            .filter(
              (method) =>
                method.customer === session.customer &&
                method.type === 'card' &&
                features.payment_method_allow_redisplay_filters.includes(method.allow_redisplay ?? 'unspecified'),
            )
            .reverse()
        : [];
    return {
      save: features.payment_method_save === 'enabled',
      paymentMethods: shown.map((method) => ({
        id: method.id,
        brand: method.card?.brand ?? 'card',
        last4: method.card?.last4 ?? '',
        exp_month: method.card?.exp_month ?? 0,
        exp_year: method.card?.exp_year ?? 0,
      })),
    };
  });
}
