import type Stripe from 'stripe';
import { newId } from './wire/ids';

/** Every object the emulator stores has these; `object` is Stripe's type name (`payment_intent`, `charge`, ...). */
export interface StoredObject {
  id: string;
  object: string;
  created: number;
  [key: string]: unknown;
}

/** The emulator's clock in unix seconds; tests may move it forward. */
export class Clock {
  offsetSeconds = 0;
  now(): number {
    return Math.floor(Date.now() / 1000) + this.offsetSeconds;
  }
}

/**
 * All objects by id, plus per-type insertion order (newest last). Lists read in Stripe's order: newest first.
 * Objects are mutated in place by the resource that owns them; readers get clones at the wire.
 */
export class ObjectStore {
  private readonly byId = new Map<string, StoredObject>();
  private readonly byType = new Map<string, StoredObject[]>();

  insert<T extends StoredObject>(object: T): T {
    this.byId.set(object.id, object);
    const list = this.byType.get(object.object) ?? [];
    list.push(object);
    this.byType.set(object.object, list);
    return object;
  }

  get<T extends StoredObject = StoredObject>(id: string, type?: string): T | undefined {
    const found = this.byId.get(id);
    return found && (!type || found.object === type) ? (found as T) : undefined;
  }

  /** Newest first, as Stripe lists. */
  list<T extends StoredObject = StoredObject>(type: string): T[] {
    return [...(this.byType.get(type) ?? [])].reverse() as T[];
  }

  remove(id: string): void {
    const found = this.byId.get(id);
    if (!found) return;
    this.byId.delete(id);
    const list = this.byType.get(found.object);
    if (list)
      this.byType.set(
        found.object,
        list.filter((o) => o.id !== id),
      );
  }

  clear(): void {
    this.byId.clear();
    this.byType.clear();
  }

  snapshot(): StoredObject[] {
    return [...this.byId.values()];
  }

  restore(objects: StoredObject[]): void {
    this.clear();
    for (const object of objects) this.insert(object);
  }
}

/** Who made the request, passed to every handler and recorded on the events it causes. */
export interface RequestContext {
  requestId: string;
  idempotencyKey: string | null;
  /** `secret` for sk_/rk_ keys, `publishable` for pk_ keys (Stripe.js). */
  keyType: 'secret' | 'publishable';
}

export type EventListener = (event: Stripe.Event) => void;

/** Stripe's event log: every state change emits one, listeners (webhook delivery) are told at once. */
export class EventLog {
  private readonly listeners = new Set<EventListener>();

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
    readonly apiVersion: string,
  ) {}

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Records `type` for `object` as it is now (a deep copy), with the attributes that changed and their old values.
   * `ctx` null means the change was not caused by an API request (automatic, e.g. a refund settling).
   */
  emit(
    ctx: RequestContext | null,
    type: string,
    object: StoredObject,
    previousAttributes?: Record<string, unknown>,
  ): Stripe.Event {
    const event = {
      id: newId('evt'),
      object: 'event',
      api_version: this.apiVersion,
      created: this.clock.now(),
      data: {
        object: structuredClone(object),
        ...(previousAttributes && Object.keys(previousAttributes).length > 0
          ? { previous_attributes: structuredClone(previousAttributes) }
          : {}),
      },
      livemode: false,
      pending_webhooks: 0,
      request: { id: ctx?.requestId ?? null, idempotency_key: ctx?.idempotencyKey ?? null },
      type,
    } as unknown as Stripe.Event;
    this.store.insert(event as unknown as StoredObject);
    for (const listener of this.listeners) listener(event);
    return event;
  }
}

/** The values of `keys` in `object` before a change, for `previous_attributes`. */
export function pick(object: StoredObject, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, structuredClone(object[key])]));
}

/** Applies `changes` to `object` and returns the previous values of the attributes that really changed. */
export function update(object: StoredObject, changes: Record<string, unknown>): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (JSON.stringify(object[key]) !== JSON.stringify(value)) {
      previous[key] = structuredClone(object[key]);
      object[key] = value;
    }
  }
  return previous;
}
