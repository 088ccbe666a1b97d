import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import { resolveDispute } from '../resources/disputes';
import { failRefund, type RefundFailureReason } from '../resources/refunds';
import { StripeApiError } from '../wire/errors';
import { stripInternal } from '../wire/expand';
import { bodyOf, ControlError, oneOfValues, optionalString } from './input';

/** Runs a resource helper, turning its Stripe error (404 missing, 400 invalid) into a control-API error. */
function run<T>(action: () => T): T {
  try {
    return stripInternal(structuredClone(action()));
  } catch (error) {
    if (error instanceof StripeApiError) throw new ControlError(error.status === 404 ? 404 : 400, error.message);
    throw error;
  }
}

/**
 * What the card network decides, on demand: `POST /_emulator/refunds/:id/fail {reason?}` and
 * `POST /_emulator/disputes/:id/resolve {outcome: 'won'|'lost'}`. Both answer the updated object and emit the
 * events Stripe would.
 */
export function registerHelperRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.post<{ Params: { id: string } }>('/refunds/:id/fail', async (request) => {
    const reason = optionalString(bodyOf(request.body), 'reason') as RefundFailureReason | undefined;
    return run(() => failRefund(emulator, request.params.id, reason));
  });

  app.post<{ Params: { id: string } }>('/disputes/:id/resolve', async (request) => {
    const outcome = oneOfValues(bodyOf(request.body), 'outcome', ['won', 'lost'] as const);
    return run(() => resolveDispute(emulator, request.params.id, outcome));
  });
}
