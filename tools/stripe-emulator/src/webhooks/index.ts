import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import { WebhookDispatcher, type WebhookDeliveryOptions } from './delivery';

export { WebhookDispatcher, USER_AGENT, type WebhookDeliveryOptions } from './delivery';
export type { WebhookAttempt } from './attempts';
export type { WebhookFaultRule, WebhookFaultAction } from './webhook-faults';

/** Starts delivering the emulator's events to its webhook endpoints; stops when the server closes. */
export function registerWebhookDelivery(
  app: FastifyInstance,
  emulator: Emulator,
  options: WebhookDeliveryOptions = {},
): WebhookDispatcher {
  const dispatcher = new WebhookDispatcher(emulator, options);
  app.addHook('onClose', async () => dispatcher.close());
  return dispatcher;
}
