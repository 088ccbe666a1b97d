import { createWebhookInboxRepository, type WebhookInboxRepository } from '@storepay/db';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /** The webhook inbox: events as received from Stripe (keyed by event id) and refused deliveries. */
    webhookInbox: WebhookInboxRepository;
  }
}

export const webhookInboxPlugin = fp(
  async (app) => {
    app.decorate('webhookInbox', createWebhookInboxRepository(app.db.prisma, app.db.query.bind(app.db)));
  },
  { name: 'webhook-inbox', dependencies: ['database'] },
);
