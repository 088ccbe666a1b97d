import type { FastifyInstance } from 'fastify';
import { listWebhookEndpoints, withSecret } from '../resources/webhook-endpoints';
import type { Emulator } from '../emulator';
import type { WebhookDispatcher } from '../webhooks/delivery';
import { bodyOf, optionalString } from './input';

/** `/_emulator/webhook-attempts` (every delivery attempt) and `/_emulator/webhook-endpoints` (with secrets). */
export function registerWebhookRoutes(app: FastifyInstance, emulator: Emulator, webhooks: WebhookDispatcher): void {
  app.get('/webhook-attempts', async (request) => {
    const query = bodyOf(request.query);
    return {
      data: webhooks.listAttempts({
        event: optionalString(query, 'event'),
        endpoint: optionalString(query, 'endpoint'),
      }),
    };
  });

  app.get('/webhook-endpoints', async () => ({ data: listWebhookEndpoints(emulator).map(withSecret) }));
}
