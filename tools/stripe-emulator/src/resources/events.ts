import type Stripe from 'stripe';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { StoredObject } from '../state';
import { eventTypeMatches } from '../webhooks/event-types';
import { stripeErrors } from '../wire/errors';
import { matchesCreated, paginate } from '../wire/list';
import { allowOnly, bool, str, strList } from '../wire/params';
import { defineRoute } from '../wire/router';

export type EventObject = Stripe.Event & StoredObject;

/** Stripe allows at most this many names in `types[]`. */
const MAX_TYPES = 20;

export function getEvent(emulator: Emulator, id: string, param = 'id'): EventObject {
  const event = emulator.store.get<EventObject>(id, 'event');
  if (!event) throw stripeErrors.missing('event', id, param);
  return event;
}

/**
 * Events (recorded by EventLog): retrieve, and list newest first with `type` (a `*` wildcard allowed), `types[]`,
 * `created` and `delivery_success` (true: every endpoint got it; false: still pending or failed for one).
 */
export function registerEvents(app: FastifyInstance, emulator: Emulator): void {
  defineRoute(app, emulator, 'GET', '/v1/events/:id', ({ path }) => getEvent(emulator, path.id!));

  defineRoute(app, emulator, 'GET', '/v1/events', ({ params, url }) => {
    allowOnly(params, ['limit', 'starting_after', 'ending_before', 'created', 'type', 'types', 'delivery_success']);
    const type = str(params, 'type');
    const types = strList(params, 'types');
    if (type !== undefined && types !== undefined) {
      throw stripeErrors.invalidRequest('You may pass either `type` or `types`, but not both.', 'parameter_invalid');
    }
    if (types && types.length > MAX_TYPES) {
      throw stripeErrors.invalidParam('types', `You may pass at most ${MAX_TYPES} types, got ${types.length}.`);
    }
    const deliverySuccess = bool(params, 'delivery_success');
    const events = emulator.store
      .list<EventObject>('event')
      .filter(
        (event) =>
          (type === undefined || eventTypeMatches(type, event.type)) &&
          (types === undefined || types.includes(event.type)) &&
          (deliverySuccess === undefined || (event.pending_webhooks === 0) === deliverySuccess) &&
          matchesCreated(params, event.created),
      );
    return paginate(events, params, url);
  });
}
