import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import { registerCharges } from './charges';
import { registerCustomerSessions } from './customer-sessions';
import { registerCustomers } from './customers';
import { registerDisputes } from './disputes';
import { registerEarlyFraudWarnings } from './early-fraud-warnings';
import { registerEvents } from './events';
import { registerFiles } from './files';
import { registerMandates } from './mandates';
import { registerPaymentIntents } from './payment-intents';
import { registerPaymentMethods } from './payment-methods';
import { registerRefunds } from './refunds';
import { registerReviews } from './reviews';
import { registerSetupIntents } from './setup-intents';
import { registerWebhookEndpoints } from './webhook-endpoints';

/** Every emulated /v1 resource. */
export function registerResources(app: FastifyInstance, emulator: Emulator): void {
  registerCustomers(app, emulator);
  registerCustomerSessions(app, emulator);
  registerPaymentMethods(app, emulator);
  registerPaymentIntents(app, emulator);
  registerMandates(app, emulator);
  registerSetupIntents(app, emulator);
  registerCharges(app, emulator);
  registerRefunds(app, emulator);
  registerDisputes(app, emulator);
  registerReviews(app, emulator);
  registerEarlyFraudWarnings(app, emulator);
  registerFiles(app, emulator);
  registerEvents(app, emulator);
  registerWebhookEndpoints(app, emulator);
}
