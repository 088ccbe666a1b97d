import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import { registerCustomers } from './customers';

/** Every emulated /v1 resource. */
export function registerResources(app: FastifyInstance, emulator: Emulator): void {
  registerCustomers(app, emulator);
}
