import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ProcessingResult, WebhookProcessingRepository } from '@storepay/db';

/** The subset of a pino logger the worker writes to. */
export interface WorkerLogger {
  debug(object: object, message: string): void;
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface WebhookWorkerOptions {
  repository: WebhookProcessingRepository;
  /** Unique per worker; recorded as `locked_by` on the rows it claims. */
  workerId?: string;
  /** Rows claimed per round. */
  batchSize?: number;
  /** How long to wait before polling again when there was nothing to do. */
  pollIntervalMs?: number;
  /** A claim older than this is taken back (its worker is presumed dead). */
  leaseMs?: number;
  log?: WorkerLogger;
}

export interface WebhookWorker {
  readonly id: string;
  /** Starts the loop: rounds back to back while there is work, one every poll interval when idle. */
  start(): void;
  /** Stops the loop and waits for the round in flight to finish. */
  stop(): Promise<void>;
  /** One round: claims due events and processes each. Returns how many were claimed. */
  runOnce(): Promise<number>;
  /** Rounds until one claims nothing. Returns how many events were claimed in all. */
  runUntilIdle(): Promise<number>;
}

const silent: WorkerLogger = { debug() {}, info() {}, warn() {}, error() {} };

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * The webhook worker: claims inbox rows (see WebhookProcessingRepository.claim) and processes them one by one; each
 * is applied and marked in one transaction, so a worker that dies mid-way leaves its rows `processing` until their
 * lease expires and another worker claims them again. Any number of workers may share one PostgreSQL database.
 */
export function createWebhookWorker({
  repository,
  workerId = defaultWorkerId(),
  batchSize = 20,
  pollIntervalMs = 200,
  leaseMs = 60_000,
  log = silent,
}: WebhookWorkerOptions): WebhookWorker {
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;

  function report(stripeEventId: string, type: string, stripeCreatedAt: Date, result: ProcessingResult) {
    const facts = { stripeEventId, type };
    switch (result.status) {
      case 'processed':
      case 'ignored':
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
    const events = await repository.claim({ workerId, limit: batchSize, leaseMs });
    for (const event of events) {
      report(event.stripeEventId, event.type, event.stripeCreatedAt, await repository.process(event));
    }
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
