import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ClaimedWebhookEvent, ClaimOptions } from '@storepay/db';
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

/** Runs `task` over `items` with at most `limit` running at once; resolves when all have finished. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}

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
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  function report(stripeEventId: string, type: string, stripeCreatedAt: Date, result: ProcessingResult) {
    observe?.(type, result.status, (Date.now() - stripeCreatedAt.getTime()) / 1000);
    const facts = { stripeEventId, type };
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
    await forEachConcurrently(chunks(events, eventsPerTransaction), concurrency, async (chunk) => {
      try {
        const results = await apply(chunk);
        chunk.forEach((event, i) => report(event.stripeEventId, event.type, event.stripeCreatedAt, results[i]!));
      } catch (error) {
        // Not even a failure could be recorded (the database is gone): the rows stay `processing` until their lease
        // expires and they are claimed again. The other lanes go on.
        log.error({ err: error, events: chunk.map((event) => event.stripeEventId) }, 'webhook events not processed');
      }
    });
    return events.length;
  }

  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, pollIntervalMs);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  async function run() {
    while (running) {
      let claimed = 0;
      try {
        claimed = await runOnce();
      } catch (error) {
        log.error({ err: error }, 'webhook worker round failed');
      }
      if (claimed === 0 && running) await pause();
    }
  }

  return {
    id: workerId,
    start() {
      if (running) return;
      running = true;
      log.info({ workerId }, 'webhook worker started');
      loop = run();
    },
    async stop() {
      if (!running) return;
      running = false;
      wake?.();
      await loop;
      loop = null;
      log.info({ workerId }, 'webhook worker stopped');
    },
    runOnce,
    async runUntilIdle() {
      let total = 0;
      for (let claimed = await runOnce(); claimed > 0; claimed = await runOnce()) total += claimed;
      return total;
    },
  };
}
