import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { context, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import type { ClaimedWebhookEvent, ClaimOptions } from '@storepay/db';
import { paymentIntentIdOf } from '@storepay/payments-core';
import { createPollingLoop, runUntilIdle } from '../polling-loop';
import { forEachConcurrently } from '../use-cases/concurrency';
import { tracer } from '../tracing/tracing';
import type { ProcessingResult } from '../use-cases/apply-webhook-events';
import { silentLogger, type Logger } from '../use-cases/ports';

export interface WebhookWorkerOptions {
  /** Claims due inbox events (`WebhookProcessingRepository.claim`). */
  claim: (options: ClaimOptions) => Promise<ClaimedWebhookEvent[]>;
  /** Applies claimed events, in one transaction where it can (the `applyWebhookEvents` use case). */
  apply: (events: readonly ClaimedWebhookEvent[]) => Promise<ProcessingResult[]>;
  /** Unique per worker; recorded as `locked_by` on the rows it claims. */
  workerId?: string;
  /**
   * Transactions run at once (lanes), each on its own database connection: keep it well below the pool's size (10
   * by default), which HTTP requests share in `API_MODE=all`. Safe for any value: a claim never holds two unfinished
   * events of one PaymentIntent, so the events in flight are all of different PaymentIntents. Default 4.
   */
  concurrency?: number;
  /**
   * Events applied in one transaction (see `applyWebhookEvents`), each still with its own fenced mark; 1 gives every
   * event its own transaction. Default 8.
   */
  eventsPerTransaction?: number;
  /** Rows claimed per round; default enough for two transactions per lane. */
  batchSize?: number;
  /** How long to wait before polling again when there was nothing to do. */
  pollIntervalMs?: number;
  /** A claim older than this is taken back (its worker is presumed dead). */
  leaseMs?: number;
  log?: Logger;
  /** Told of every event it finished: its type, the result's status, and seconds since Stripe created it. */
  observe?: (type: string, status: ProcessingResult['status'], lagSeconds: number) => void;
}

export interface WebhookWorker {
  readonly id: string;
  /** Starts the loop: rounds back to back while there is work, one every poll interval when idle. */
  start(): void;
  /** Stops the loop and waits for the round in flight to finish. */
  stop(): Promise<void>;
  /** New events are in the inbox (the database's `webhook_inbox` notification): claim now, not at the next poll. */
  wake(): void;
  /** One round: claims due events and processes them, `concurrency` at a time. Returns how many were claimed. */
  runOnce(): Promise<number>;
  /** Rounds until one claims nothing. Returns how many events were claimed in all. */
  runUntilIdle(): Promise<number>;
}

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export const DEFAULT_WEBHOOK_WORKER_CONCURRENCY = 4;
export const DEFAULT_EVENTS_PER_TRANSACTION = 8;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) out.push(items.slice(i, i + Math.max(1, size)));
  return out;
}

/**
 * The webhook worker, a transport: claims inbox rows (see WebhookProcessingRepository.claim) and applies them in
 * `concurrency` lanes, `eventsPerTransaction` at a time (the `applyWebhookEvents` use case); effects and marks commit
 * together, so a worker that dies mid-way leaves its rows `processing` until their lease expires and another worker
 * claims them again. Order holds because a claim only takes the oldest unfinished event of each PaymentIntent: the
 * next one becomes claimable once this one is finished, in a later round. Any number of workers may share one
 * PostgreSQL database.
 */
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What ties an event to the rest of the story, for its span and log lines: the PaymentIntent, our order (the
 * PaymentIntent's `metadata.order_id`, which checkout set), and Stripe's id of the API request that caused the event
 * (`request.id`: the same id the checkout's Stripe span carries when checkout caused it).
 */
function eventFacts(event: ClaimedWebhookEvent) {
  const payload = isRecord(event.payload) ? event.payload : {};
  const object = isRecord(payload.data) && isRecord(payload.data.object) ? payload.data.object : {};
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const request = isRecord(payload.request) ? payload.request : {};
  return {
    stripeEventId: event.stripeEventId,
    type: event.type,
    paymentIntentId: paymentIntentIdOf(object),
    orderId: typeof metadata.order_id === 'string' ? metadata.order_id : null,
    stripeRequestId: typeof request.id === 'string' ? request.id : null,
  };
}

/** The business moments of a payment, logged at info: which event types say what happened to the money. */
const MOMENTS: Record<string, string> = {
  'payment_intent.succeeded': 'payment paid',
  'payment_intent.payment_failed': 'payment failed',
  'payment_intent.canceled': 'payment canceled',
  'charge.refunded': 'payment refunded',
  'refund.created': 'refund recorded',
  'refund.updated': 'refund updated',
  'refund.failed': 'refund failed',
  'charge.dispute.created': 'payment disputed',
  'charge.dispute.closed': 'dispute closed',
};

export function createWebhookWorker({
  claim,
  apply,
  workerId = defaultWorkerId(),
  concurrency = DEFAULT_WEBHOOK_WORKER_CONCURRENCY,
  eventsPerTransaction = DEFAULT_EVENTS_PER_TRANSACTION,
  batchSize = 2 * concurrency * eventsPerTransaction,
  pollIntervalMs = 200,
  leaseMs = 60_000,
  log = silentLogger,
  observe,
}: WebhookWorkerOptions): WebhookWorker {
  /** The event's span (a child of its transaction's), with its log lines inside it so they carry its trace id. */
  function report(event: ClaimedWebhookEvent, result: ProcessingResult, startedAt: number) {
    const facts = eventFacts(event);
    const attributes: Attributes = {
      'stripe.event_id': facts.stripeEventId,
      'stripe.event_type': facts.type,
      'webhook.result': result.status,
      ...(facts.paymentIntentId ? { 'stripe.payment_intent_id': facts.paymentIntentId } : {}),
      ...(facts.orderId ? { 'storepay.order_id': facts.orderId } : {}),
      ...(facts.stripeRequestId ? { 'stripe.request_id': facts.stripeRequestId } : {}),
    };
    const span = tracer().startSpan(`webhook ${event.type}`, { startTime: startedAt, attributes });
    if (result.status === 'failed' || result.status === 'dead') {
      span.setStatus({ code: SpanStatusCode.ERROR, message: result.error });
    }
    context.with(trace.setSpan(context.active(), span), () => logOutcome(event, facts, result));
    span.end();
  }

  function logOutcome(
    { type, stripeCreatedAt }: ClaimedWebhookEvent,
    facts: ReturnType<typeof eventFacts>,
    result: ProcessingResult,
  ) {
    observe?.(type, result.status, (Date.now() - stripeCreatedAt.getTime()) / 1000);
    switch (result.status) {
      case 'processed':
      case 'ignored':
        if (result.outcome.status === 'processed' && result.outcome.effect === 'flagged') {
          log.warn(
            { ...facts, orderId: result.outcome.orderId, anomaly: result.outcome.anomaly },
            'a PaymentIntent may not pay the order it names: recorded for staff, the order left as it was',
          );
          return;
        }
        if (result.outcome.status === 'processed' && result.outcome.effect === 'applied' && MOMENTS[type]) {
          log.info({ ...facts, orderStatus: result.outcome.orderStatus }, MOMENTS[type]);
          return;
        }
        log.debug(
          { ...facts, status: result.status, lagMs: Date.now() - stripeCreatedAt.getTime() },
          'webhook event done',
        );
        return;
      case 'failed':
        log.warn({ ...facts, error: result.error, retryInMs: result.retryInMs }, 'webhook event failed; will retry');
        return;
      case 'dead':
        log.error({ ...facts, error: result.error }, 'webhook event dead after its last attempt');
        return;
      case 'lost':
        log.warn(facts, 'webhook event claim lost (lease expired); another worker took it');
    }
  }

  async function runOnce(): Promise<number> {
    const events = await claim({ workerId, limit: batchSize, leaseMs });
    await forEachConcurrently(chunks(events, eventsPerTransaction), concurrency, (chunk) =>
      // One span per transaction (its SQL spans are its children), and one per event in it.
      tracer().startActiveSpan('webhook apply', { attributes: { 'webhook.events': chunk.length } }, async (span) => {
        const startedAt = Date.now();
        try {
          const results = await apply(chunk);
          chunk.forEach((event, i) => report(event, results[i]!, startedAt));
        } catch (error) {
          // Not even a failure could be recorded (the database is gone): the rows stay `processing` until their
          // lease expires and they are claimed again. The other lanes go on.
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: error instanceof Error ? error.message : String(error),
          });
          log.error({ err: error, events: chunk.map((event) => event.stripeEventId) }, 'webhook events not processed');
        } finally {
          span.end();
        }
      }),
    );
    return events.length;
  }

  const loop = createPollingLoop({ name: 'webhook worker', round: runOnce, pollIntervalMs, log });

  return {
    id: workerId,
    start() {
      loop.start();
      log.info({ workerId }, 'webhook worker started');
    },
    async stop() {
      await loop.stop();
      log.info({ workerId }, 'webhook worker stopped');
    },
    wake: () => loop.wake(),
    runOnce,
    runUntilIdle: () => runUntilIdle(runOnce),
  };
}
