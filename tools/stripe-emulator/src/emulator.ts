import { Clock, EventLog, ObjectStore } from './state';
import { FaultRules } from './faults';

/** The API version the emulator speaks: the one stripe-node 23.1.0 pins. */
export const API_VERSION = '2026-10-28.endive';

export interface StoredResponse {
  fingerprint: string;
  status: number;
  body: unknown;
  /** null while the first request with this key is still running. */
  done: boolean;
}

export interface EmulatorOptions {
  /**
   * How much faster than real time webhook retries run: Stripe's schedule (minutes to days) divided by this.
   * Default 3600 (an hour of Stripe time per second).
   */
  timeFactor?: number;
}

/** All state of one emulator instance: objects, events, idempotency records and fault rules. */
export class Emulator {
  readonly clock = new Clock();
  readonly store = new ObjectStore();
  readonly events = new EventLog(this.store, this.clock, API_VERSION);
  readonly faults = new FaultRules();
  /** Responses by `<api key>:<idempotency key>`. */
  readonly idempotency = new Map<string, StoredResponse>();
  readonly timeFactor: number;
  private readonly resetListeners = new Set<() => void>();

  constructor(options: EmulatorOptions = {}) {
    this.timeFactor = options.timeFactor ?? 3600;
  }

  /** Also run `listener` on every reset (webhook delivery forgets its attempts, faults and scheduled retries). */
  onReset(listener: () => void): () => void {
    this.resetListeners.add(listener);
    return () => this.resetListeners.delete(listener);
  }

  /** Forgets everything: objects, events, idempotency keys, faults. Listeners (webhook delivery) stay. */
  reset(): void {
    for (const listener of this.resetListeners) listener();
    this.store.clear();
    this.idempotency.clear();
    this.faults.clear();
    this.clock.offsetSeconds = 0;
  }
}
