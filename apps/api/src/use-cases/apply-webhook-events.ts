import {
  LostClaimError,
  type ClaimedWebhookEvent,
  type PaymentTransaction,
  type PaymentTransactions,
  type WebhookProcessingRepository,
} from '@storepay/db';
import {
  applyWebhookEvent,
  DEFAULT_RETRY_POLICY,
  failureOutcome,
  type RetryPolicy,
  type WebhookOutcome,
} from '@storepay/payments-core';
import type { Clock } from './ports';

export interface ApplyWebhookEventsPorts {
  paymentTransactions: PaymentTransactions;
  webhookProcessing: Pick<WebhookProcessingRepository, 'recordFailure'>;
  clock: Clock;
  /** Attempts before an event is dead, and the backoff between them. */
  retry?: RetryPolicy;
  /** In [0, 1); the jitter of the backoff. */
  random?: () => number;
}

export type ProcessingResult =
  | { status: 'processed' | 'ignored'; outcome: WebhookOutcome }
  | { status: 'failed'; error: string; retryInMs: number }
  | { status: 'dead'; error: string }
  /** Another worker reclaimed the row (our lease expired): nothing of ours was committed. */
  | { status: 'lost' };

const MAX_ERROR_LENGTH = 2000;
/** A batch's transaction may take this long (the default is meant for one short effect). */
const BATCH_TRANSACTION_TIMEOUT_MS = 30_000;

class MalformedEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedEventError';
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message;
}

/** The event's effect, inside `tx`, through the webhook handlers of payments-core; throws when it is malformed. */
async function apply(tx: PaymentTransaction, event: ClaimedWebhookEvent): Promise<WebhookOutcome> {
  const data = isRecord(event.payload) && isRecord(event.payload.data) ? event.payload.data : {};
  const applied = await applyWebhookEvent(
    {
      id: event.stripeEventId,
      type: event.type,
      created: event.stripeCreatedAt.getTime() / 1000,
      data: { object: data.object },
    },
    tx,
  );
  if (!applied.ok) throw new MalformedEventError(applied.error.message);
  return applied.value;
}

/** Applies events and marks them with their outcomes in one transaction (all of it commits, or none). */
function applyTogether(
  ports: ApplyWebhookEventsPorts,
  events: readonly ClaimedWebhookEvent[],
  timeoutMs?: number,
): Promise<WebhookOutcome[]> {
  return ports.paymentTransactions.run(
    async (tx) => {
      const outcomes: WebhookOutcome[] = [];
      for (const event of events) outcomes.push(await apply(tx, event));
      await tx.markEvents(events.map((event, i) => ({ event, status: outcomes[i]!.status })));
      return outcomes;
    },
    timeoutMs === undefined ? undefined : { timeoutMs },
  );
}

/**
 * Records a failed attempt: failed with the next attempt after exponential backoff with jitter, or dead after the
 * last attempt (the retry policy). Nothing is written when the claim was lost meanwhile.
 */
async function recordFailure(
  ports: ApplyWebhookEventsPorts,
  event: ClaimedWebhookEvent,
  error: unknown,
): Promise<ProcessingResult> {
  const message = errorMessage(error);
  const next = failureOutcome(event.attempts, ports.retry ?? DEFAULT_RETRY_POLICY, ports.random ?? Math.random);
  const recorded = await ports.webhookProcessing.recordFailure(
    event,
    next.status === 'failed'
      ? { status: 'failed', error: message, nextAttemptAt: new Date(ports.clock.now().getTime() + next.retryInMs) }
      : { status: 'dead', error: message },
  );
  if (!recorded) return { status: 'lost' };
  return next.status === 'failed'
    ? { status: 'failed', error: message, retryInMs: next.retryInMs }
    : { status: 'dead', error: message };
}

/** Applies one claimed event in its own transaction, or records why it could not be. */
export async function applyWebhookEventAlone(
  ports: ApplyWebhookEventsPorts,
  event: ClaimedWebhookEvent,
): Promise<ProcessingResult> {
  try {
    const [outcome] = await applyTogether(ports, [event]);
    return { status: outcome!.status, outcome: outcome! };
  } catch (error) {
    if (error instanceof LostClaimError) return { status: 'lost' };
    return recordFailure(ports, event, error);
  }
}

/**
 * Applies claimed events (of different PaymentIntents, as one claim's are) in one transaction: their effects, then
 * one fenced mark of each with its outcome; the transaction's round trips and commit are paid once for all. If any
 * of them throws (an error, a malformed event, a lost claim), nothing of the batch commits and each event is
 * applied on its own, so a bad event costs its batch a second try and never changes what the others do. Results
 * are in the order of `events`.
 */
export async function applyWebhookEvents(
  ports: ApplyWebhookEventsPorts,
  events: readonly ClaimedWebhookEvent[],
): Promise<ProcessingResult[]> {
  if (events.length <= 1) return Promise.all(events.map((event) => applyWebhookEventAlone(ports, event)));
  try {
    const outcomes = await applyTogether(ports, events, BATCH_TRANSACTION_TIMEOUT_MS);
    return outcomes.map((outcome) => ({ status: outcome.status, outcome }));
  } catch {
    const results: ProcessingResult[] = [];
    for (const event of events) results.push(await applyWebhookEventAlone(ports, event));
    return results;
  }
}
