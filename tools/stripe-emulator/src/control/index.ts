import type { FastifyError, FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { WebhookDispatcher } from '../webhooks/delivery';
import { registerFaultRoutes } from './fault-routes';
import { registerHelperRoutes } from './helper-routes';
import { ControlError } from './input';
import { registerStateRoutes } from './state-routes';
import { registerWebhookRoutes } from './webhook-routes';

export const CONTROL_PREFIX = '/_emulator';

/**
 * The control API under `/_emulator/`: JSON in and out, no API key, errors as `{error: {message}}` with 400/404.
 * It is how tests (and the app in demo mode) reset state, inject faults and inspect webhook deliveries.
 */
export function registerControl(app: FastifyInstance, emulator: Emulator, webhooks: WebhookDispatcher): void {
  void app.register(
    async (control) => {
      // Accept an empty JSON body (`POST /_emulator/reset` with Content-Type: application/json and nothing else).
      control.removeContentTypeParser('application/json');
      control.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
        const text = (body as string).trim();
        if (text === '') return done(null, {});
        try {
          done(null, JSON.parse(text));
        } catch {
          done(new ControlError(400, 'The body is not valid JSON.'), undefined);
        }
      });

      control.setErrorHandler((error: FastifyError | ControlError, _request, reply) => {
        const status =
          error instanceof ControlError
            ? error.status
            : error.statusCode && error.statusCode >= 400 && error.statusCode < 500
              ? error.statusCode
              : 500;
        void reply.code(status).send({ error: { message: error.message } });
      });
      control.setNotFoundHandler((request, reply) => {
        void reply
          .code(404)
          .send({ error: { message: `Unknown control route: ${request.method} ${request.url.split('?')[0]}` } });
      });

      registerStateRoutes(control, emulator, webhooks);
      registerFaultRoutes(control, emulator, webhooks);
      registerWebhookRoutes(control, emulator, webhooks);
      registerHelperRoutes(control, emulator);
    },
    { prefix: CONTROL_PREFIX },
  );
}
