import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import { settleDueSepaDebits } from '../resources/sepa-settlement';
import type { WebhookDispatcher } from '../webhooks/delivery';
import { bodyOf, ControlError, optionalInt } from './input';

/** `/_emulator/reset`, `/_emulator/clock/advance` and `/_emulator/state`. */
export function registerStateRoutes(app: FastifyInstance, emulator: Emulator, webhooks: WebhookDispatcher): void {
  app.post('/reset', async () => {
    emulator.reset();
    return { reset: true };
  });

  app.post('/clock/advance', async (request) => {
    const seconds = optionalInt(bodyOf(request.body), 'seconds', 0);
    if (seconds === undefined) throw new ControlError(400, 'seconds is required.');
    emulator.clock.offsetSeconds += seconds;
    // What was due by the new time happens now (SEPA debits settling).
    settleDueSepaDebits(emulator);
    return { now: emulator.clock.now(), offsetSeconds: emulator.clock.offsetSeconds };
  });

  app.get('/state', async () => {
    const objects: Record<string, number> = {};
    for (const object of emulator.store.snapshot()) objects[object.object] = (objects[object.object] ?? 0) + 1;
    return {
      now: emulator.clock.now(),
      offsetSeconds: emulator.clock.offsetSeconds,
      timeFactor: emulator.timeFactor,
      objects,
      faults: emulator.faults.list().length,
      idempotencyKeys: emulator.idempotency.size,
      webhookFaults: webhooks.faults.list().length,
      webhookAttempts: webhooks.listAttempts().length,
      pendingDeliveries: webhooks.pendingDeliveries(),
    };
  });
}
