import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { FaultAction } from '../faults';
import type { WebhookDispatcher } from '../webhooks/delivery';
import { WEBHOOK_FAULT_ACTIONS } from '../webhooks/webhook-faults';
import { bodyOf, ControlError, oneOfValues, optionalInt, optionalString, requiredString } from './input';

const API_FAULT_ACTIONS = ['rate_limit', 'server_error', 'timeout', 'delay'] as const;
const METHODS = ['GET', 'POST', 'DELETE', '*'] as const;
/** Longest injected delay: ten minutes. */
const MAX_DELAY_MS = 600_000;

function delayMs(body: Record<string, unknown>, required: boolean): number | null {
  const value = optionalInt(body, 'delayMs', 0);
  if (value === undefined) {
    if (required) throw new ControlError(400, 'delayMs is required for action "delay".');
    return null;
  }
  if (value > MAX_DELAY_MS) throw new ControlError(400, `delayMs must be at most ${MAX_DELAY_MS}.`);
  return value;
}

/**
 * `/_emulator/faults`: make the next `count` /v1 requests matching `method` and `path` (each with `probability`,
 * default 1) answer 429 or 500, never answer, or answer late. `/_emulator/webhook-faults`: duplicate, delay, reorder or drop webhook deliveries.
 */
export function registerFaultRoutes(app: FastifyInstance, emulator: Emulator, webhooks: WebhookDispatcher): void {
  app.post('/faults', async (request) => {
    const body = bodyOf(request.body);
    const method = (optionalString(body, 'method') ?? '*').toUpperCase();
    if (!(METHODS as readonly string[]).includes(method)) {
      throw new ControlError(400, `method must be one of ${METHODS.join(', ')}, got "${method}".`);
    }
    const path = requiredString(body, 'path');
    if (!path.startsWith('/v1/')) throw new ControlError(400, `path must start with /v1/, got "${path}".`);
    const kind = oneOfValues(body, 'action', API_FAULT_ACTIONS);
    const action: FaultAction = kind === 'delay' ? { kind, ms: delayMs(body, true)! } : { kind };
    const count = optionalInt(body, 'count', 1) ?? 1;
    const probability = body.probability === undefined ? 1 : Number(body.probability);
    if (!(probability > 0 && probability <= 1)) {
      throw new ControlError(
        400,
        `probability must be a number above 0 and at most 1, got ${JSON.stringify(body.probability)}.`,
      );
    }
    return emulator.faults.add({ method, path, action, remaining: count, probability });
  });
  app.get('/faults', async () => ({ data: emulator.faults.list() }));
  app.delete('/faults', async () => {
    const removed = emulator.faults.list().length;
    emulator.faults.clear();
    return { deleted: removed };
  });

  app.post('/webhook-faults', async (request) => {
    const body = bodyOf(request.body);
    const action = oneOfValues(body, 'action', WEBHOOK_FAULT_ACTIONS);
    const eventType = optionalString(body, 'eventType') ?? null;
    const count = optionalInt(body, 'count', 1) ?? 1;
    if (action === 'reorder' && count < 2) throw new ControlError(400, 'count must be at least 2 for "reorder".');
    return webhooks.addFault({
      action,
      eventType: eventType === '*' ? null : eventType,
      count,
      delayMs: delayMs(body, action === 'delay'),
    });
  });
  app.get('/webhook-faults', async () => ({ data: webhooks.faults.list() }));
  app.delete('/webhook-faults', async () => ({ deleted: webhooks.clearFaults().length }));
}
