import type Stripe from 'stripe';
import type { Emulator } from '../emulator';
import { endpointWants, listWebhookEndpoints, type WebhookEndpointObject } from '../resources/webhook-endpoints';
import type { StoredObject } from '../state';
import { stripInternal } from '../wire/expand';
import { newId } from '../wire/ids';
import type { AttemptFilter, WebhookAttempt } from './attempts';
import { retryDelaySeconds, wallClockMs } from './schedule';
import { postWebhook } from './send';
import { signatureHeader } from './signature';
import { WebhookFaultRules, type NewWebhookFaultRule, type WebhookFaultRule } from './webhook-faults';

export interface WebhookDeliveryOptions {
  /** How long a receiver may take to answer before the attempt counts as failed (wall clock). Default 10 s. */
  timeoutMs?: number;
}

export const USER_AGENT = 'Stripe/1.0 (+https://stripe.com/docs/webhooks)';

type StoredEvent = Stripe.Event & StoredObject;

interface Delivery {
  id: string;
  eventId: string;
  endpointId: string;
  state: 'pending' | 'succeeded' | 'failed' | 'abandoned';
}

/**
 * Delivers every event to the enabled endpoints subscribed to it, asynchronously, signed like Stripe, retrying
 * failures on Stripe's schedule compressed by `emulator.timeFactor`, and keeps `pending_webhooks` on the event
 * (endpoints that have not yet answered 2xx). Webhook faults can duplicate, delay, reorder or drop deliveries.
 */
export class WebhookDispatcher {
  readonly faults = new WebhookFaultRules();
  readonly timeoutMs: number;
  private attempts: WebhookAttempt[] = [];
  private deliveries = new Map<string, Delivery>();
  /** Per event: the endpoints it was meant for, and whether each has it yet. */
  private targets = new Map<string, Map<string, boolean>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = new AbortController();
  private readonly unsubscribe: Array<() => void>;

  constructor(
    private readonly emulator: Emulator,
    options: WebhookDeliveryOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.unsubscribe = [emulator.events.onEvent((event) => this.onEvent(event)), emulator.onReset(() => this.reset())];
  }

  listAttempts(filter: AttemptFilter = {}): WebhookAttempt[] {
    return this.attempts
      .filter(
        (a) => (!filter.event || a.event === filter.event) && (!filter.endpoint || a.endpoint === filter.endpoint),
      )
      .sort((a, b) => a.startedAt - b.startedAt || a.attempt - b.attempt)
      .map((a) => ({ ...a }));
  }

  /** Deliveries not finished yet (first attempt or a retry still to come). */
  pendingDeliveries(): number {
    return [...this.deliveries.values()].filter((d) => d.state === 'pending').length;
  }

  addFault(rule: NewWebhookFaultRule): WebhookFaultRule {
    return this.faults.add(rule);
  }

  /** Removes all webhook faults; events a `reorder` rule still holds are delivered now, in their original order. */
  clearFaults(): WebhookFaultRule[] {
    const removed = this.faults.clear();
    for (const rule of removed) {
      if (rule.action === 'reorder') void this.deliverInSequence(rule.events);
    }
    return removed;
  }

  /** Forgets attempts, deliveries, faults and scheduled retries, and aborts attempts in flight. */
  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.inFlight.abort();
    this.inFlight = new AbortController();
    this.faults.clear();
    this.attempts = [];
    this.deliveries = new Map();
    this.targets = new Map();
  }

  close(): void {
    this.reset();
    for (const stop of this.unsubscribe) stop();
  }

  private onEvent(event: Stripe.Event): void {
    const endpoints = listWebhookEndpoints(this.emulator).filter((endpoint) => endpointWants(endpoint, event.type));
    if (endpoints.length === 0) return;
    const stored = this.emulator.store.get<StoredEvent>(event.id, 'event');
    if (stored) stored.pending_webhooks = endpoints.length;
    this.targets.set(event.id, new Map(endpoints.map((endpoint) => [endpoint.id, false])));

    const rule = this.faults.take(event.id, event.type);
    switch (rule?.action) {
      case 'drop':
        return;
      case 'delay':
        this.deliverEvent(event.id, rule.delayMs ?? 0);
        return;
      case 'duplicate':
        this.deliverEvent(event.id, 0);
        this.deliverEvent(event.id, 0);
        return;
      case 'reorder':
        if (rule.remaining === 0) void this.deliverInSequence([...rule.events].reverse());
        return;
      default:
        this.deliverEvent(event.id, 0);
    }
  }

  /** One new delivery of the event to each endpoint it was meant for. */
  private newDeliveries(eventId: string): Delivery[] {
    return [...(this.targets.get(eventId)?.keys() ?? [])].map((endpointId) => {
      const delivery: Delivery = { id: newId('whdel', 14), eventId, endpointId, state: 'pending' };
      this.deliveries.set(delivery.id, delivery);
      return delivery;
    });
  }

  /** Delivers the event to each endpoint it was meant for, `delayMs` from now. */
  private deliverEvent(eventId: string, delayMs: number): void {
    for (const delivery of this.newDeliveries(eventId)) this.schedule(delivery, 1, delayMs);
  }

  /** Delivers events strictly in this order: each first attempt starts after the previous event's have finished. */
  private async deliverInSequence(eventIds: string[]): Promise<void> {
    const signal = this.inFlight.signal;
    // Never inside the API request that caused the event.
    await new Promise((resolve) => setImmediate(resolve));
    for (const eventId of eventIds) {
      if (signal.aborted) return;
      await Promise.all(this.newDeliveries(eventId).map((delivery) => this.attempt(delivery, 1, Date.now())));
    }
  }

  private schedule(delivery: Delivery, attempt: number, delayMs: number): void {
    const scheduledAt = Date.now() + delayMs;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(delivery, attempt, scheduledAt);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private async attempt(delivery: Delivery, attempt: number, scheduledAt: number): Promise<void> {
    const endpoint = this.emulator.store.get<WebhookEndpointObject>(delivery.endpointId, 'webhook_endpoint');
    const event = this.emulator.store.get<StoredEvent>(delivery.eventId, 'event');
    // A deleted or disabled endpoint gets nothing more, and its retries stop.
    if (!endpoint || endpoint.status !== 'enabled' || !event) {
      delivery.state = 'abandoned';
      return;
    }
    // The body is the event exactly as GET /v1/events/:id shows it at this moment.
    const payload = JSON.stringify(stripInternal(event));
    const headers = {
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': USER_AGENT,
      'Stripe-Signature': signatureHeader(endpoint._secret, payload, this.emulator.clock.now()),
    };
    const signal = this.inFlight.signal;
    const startedAt = Date.now();
    const outcome = await postWebhook(endpoint.url, payload, headers, this.timeoutMs, signal);
    if (signal.aborted) return;

    const succeeded = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    const retryIn = succeeded ? null : retryDelaySeconds(attempt);
    const retryMs = retryIn === null ? null : wallClockMs(retryIn, this.emulator.timeFactor);
    this.attempts.push({
      id: newId('whatt', 14),
      delivery: delivery.id,
      event: event.id,
      eventType: event.type,
      endpoint: endpoint.id,
      url: endpoint.url,
      attempt,
      scheduledAt,
      startedAt,
      durationMs: outcome.durationMs,
      status: outcome.status,
      error: outcome.error ?? (succeeded ? null : `HTTP ${outcome.status}`),
      responseBody: outcome.body,
      succeeded,
      nextAttemptAt: retryMs === null ? null : Date.now() + retryMs,
      nextRetryInSeconds: retryIn,
    });

    if (succeeded) {
      delivery.state = 'succeeded';
      this.markDelivered(event, endpoint.id);
    } else if (retryMs !== null) {
      this.schedule(delivery, attempt + 1, retryMs);
    } else {
      delivery.state = 'failed';
    }
  }

  private markDelivered(event: StoredEvent, endpointId: string): void {
    const targets = this.targets.get(event.id);
    if (!targets || targets.get(endpointId) !== false) return;
    targets.set(endpointId, true);
    event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
  }
}
