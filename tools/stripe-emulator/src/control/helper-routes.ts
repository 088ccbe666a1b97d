import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import { resolveDispute } from '../resources/disputes';
import { failRefund, type RefundFailureReason } from '../resources/refunds';
import { settleSepaPaymentIntent } from '../resources/sepa-settlement';
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
 * What the card network or the bank decides, on demand: `POST /_emulator/refunds/:id/fail {reason?}`,
 * `POST /_emulator/payment_intents/:id/settle {outcome?: 'succeeded'|'failed'}` (a processing SEPA debit) and
 * `POST /_emulator/disputes/:id/resolve {outcome: 'won'|'lost'}`. Each answers the updated object and emits the
 * events Stripe would.
 */
export function registerHelperRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.post<{ Params: { id: string } }>('/refunds/:id/fail', async (request) => {
    const reason = optionalString(bodyOf(request.body), 'reason') as RefundFailureReason | undefined;
    return run(() => failRefund(emulator, request.params.id, reason));
  });

  app.post<{ Params: { id: string } }>('/payment_intents/:id/settle', async (request) => {
    const body = bodyOf(request.body);
    const outcome =
      body.outcome === undefined ? undefined : oneOfValues(body, 'outcome', ['succeeded', 'failed'] as const);
    return run(() => settleSepaPaymentIntent(emulator, request.params.id, outcome));
  });

  app.post<{ Params: { id: string } }>('/disputes/:id/resolve', async (request) => {
    const outcome = oneOfValues(bodyOf(request.body), 'outcome', ['won', 'lost'] as const);
    return run(() => resolveDispute(emulator, request.params.id, outcome));
  });
}
