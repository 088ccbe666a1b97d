import type Stripe from 'stripe';
import { isStripeEventEnvelope, type StripeEventEnvelope } from '../domain/webhook-events';
import type { PaymentError } from '../domain/payment-errors';
import { err, ok, type Result } from '../domain/result';
import { mapStripeError } from './stripe-errors';

export interface ListEventsInput {
  /** Unix seconds: events created at or after this instant. */
  createdGte: number;
  /** Only events some webhook endpoint did not receive (Stripe's `delivery_success=false`). */
  undeliveredOnly?: boolean;
  /** Stop after this many events (a bound on one run's work). */
  max: number;
  /** Stops the listing early (between two events): what was read so far is answered. */
  signal?: AbortSignal;
}

/** Reads Stripe's event log: what the reconciler compares with the inbox. */
export interface StripeEventSource {
  listEvents(input: ListEventsInput): Promise<Result<StripeEventEnvelope[], PaymentError>>;
}

export function createStripeEventSource(stripe: Stripe): StripeEventSource {
  return {
    async listEvents({ createdGte, undeliveredOnly, max, signal }) {
      try {
        const events: StripeEventEnvelope[] = [];
        const params: Stripe.EventListParams = {
          created: { gte: createdGte },
          limit: 100,
          ...(undeliveredOnly ? { delivery_success: false } : {}),
        };
        for await (const event of stripe.events.list(params)) {
          const plain = JSON.parse(JSON.stringify(event)) as unknown;
          if (isStripeEventEnvelope(plain)) events.push(plain);
          if (events.length >= max || signal?.aborted) break;
        }
        return ok(events);
      } catch (error) {
        return err(mapStripeError(error));
      }
    },
  };
}
