import type Stripe from 'stripe';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { StoredObject } from '../state';
import { update } from '../state';
import { EVENT_TYPE_SHAPE, eventTypeMatches } from '../webhooks/event-types';
import { stripeErrors } from '../wire/errors';
import { newId } from '../wire/ids';
import { paginate } from '../wire/list';
import { allowOnly, bool, mergeMetadata, str, strList, type Params } from '../wire/params';
import { defineRoute } from '../wire/router';

/** A stored endpoint; its signing secret lives in `_secret` so that it never goes on the wire after creation. */
export type WebhookEndpointObject = Stripe.WebhookEndpoint & StoredObject & { _secret: string };

export function getWebhookEndpoint(emulator: Emulator, id: string, param = 'id'): WebhookEndpointObject {
  const endpoint = emulator.store.get<WebhookEndpointObject>(id, 'webhook_endpoint');
  if (!endpoint) throw stripeErrors.missing('webhook_endpoint', id, param);
  return endpoint;
}

/** All endpoints, newest first. */
export function listWebhookEndpoints(emulator: Emulator): WebhookEndpointObject[] {
  return emulator.store.list<WebhookEndpointObject>('webhook_endpoint');
}

/** Whether `endpoint` is enabled and subscribed to events of `type` (`*` or the exact type). */
export function endpointWants(endpoint: Stripe.WebhookEndpoint, type: string): boolean {
  return endpoint.status === 'enabled' && endpoint.enabled_events.some((pattern) => eventTypeMatches(pattern, type));
}

/** The endpoint as `/_emulator/webhook-endpoints` shows it: with its secret. */
export function withSecret(endpoint: WebhookEndpointObject): Stripe.WebhookEndpoint {
  const { _secret, ...rest } = endpoint;
  return { ...rest, secret: _secret };
}

function url(params: Params): string | undefined {
  const value = str(params, 'url');
  if (value === undefined) return undefined;
  const parsed = URL.canParse(value) ? new URL(value) : null;
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw stripeErrors.invalidParam(
      'url',
      `Invalid URL: ${value}. The URL must be an absolute http or https URL.`,
      'url_invalid',
    );
  }
  return value;
}

function enabledEvents(params: Params): string[] | undefined {
  const events = strList(params, 'enabled_events');
  if (events === undefined) return undefined;
  if (events.length === 0) throw stripeErrors.invalidParam('enabled_events', 'enabled_events must not be empty.');
  events.forEach((event, index) => {
    if (event !== '*' && !EVENT_TYPE_SHAPE.test(event)) {
      throw stripeErrors.invalidParam(
        `enabled_events[${index}]`,
        `Invalid enabled_events[${index}]: must be '*' or an event type such as payment_intent.succeeded, got '${event}'.`,
      );
    }
  });
  return [...new Set(events)];
}

function description(params: Params): { description?: string | null } {
  return params.description === undefined ? {} : { description: str(params, 'description') || null };
}

/** Webhook endpoints: create (returns the `whsec_` secret, once), retrieve, update, delete, list. */
export function registerWebhookEndpoints(app: FastifyInstance, emulator: Emulator): void {
  defineRoute(app, emulator, 'POST', '/v1/webhook_endpoints', ({ params }) => {
    allowOnly(params, ['url', 'enabled_events', 'description', 'metadata', 'api_version', 'connect', 'secret']);
    const target = url(params);
    if (target === undefined) throw stripeErrors.missingParam('url');
    const events = enabledEvents(params);
    if (events === undefined) throw stripeErrors.missingParam('enabled_events');
    if (bool(params, 'connect')) {
      throw stripeErrors.invalidParam('connect', 'Connect webhook endpoints are not emulated.');
    }
    const apiVersion = str(params, 'api_version');
    if (apiVersion !== undefined && !/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(apiVersion)) {
      throw stripeErrors.invalidParam('api_version', `Invalid api_version: ${apiVersion}`);
    }
    // Emulator-only extension: tests may choose the signing secret.
    const secret = str(params, 'secret');
    if (secret === '') throw stripeErrors.invalidParam('secret', 'secret must not be empty.');
    const endpoint = {
      id: newId('we'),
      object: 'webhook_endpoint',
      api_version: apiVersion ?? null,
      application: null,
      created: emulator.clock.now(),
      description: null,
      ...description(params),
      enabled_events: events,
      livemode: false,
      metadata: mergeMetadata({}, params),
      status: 'enabled',
      url: target,
      _secret: secret ?? newId('whsec', 32),
    } as WebhookEndpointObject;
    emulator.store.insert(endpoint);
    // Stripe returns the secret on creation only.
    return withSecret(endpoint);
  });

  defineRoute(app, emulator, 'GET', '/v1/webhook_endpoints/:id', ({ path }) => getWebhookEndpoint(emulator, path.id!));

  defineRoute(app, emulator, 'POST', '/v1/webhook_endpoints/:id', ({ params, path }) => {
    allowOnly(params, ['url', 'enabled_events', 'disabled', 'description', 'metadata']);
    const endpoint = getWebhookEndpoint(emulator, path.id!);
    const target = url(params);
    const events = enabledEvents(params);
    const disabled = bool(params, 'disabled');
    update(endpoint, {
      ...(target !== undefined ? { url: target } : {}),
      ...(events !== undefined ? { enabled_events: events } : {}),
      ...(disabled !== undefined ? { status: disabled ? 'disabled' : 'enabled' } : {}),
      ...description(params),
      metadata: mergeMetadata(endpoint.metadata, params),
    });
    return endpoint;
  });

  defineRoute(app, emulator, 'DELETE', '/v1/webhook_endpoints/:id', ({ path }) => {
    const endpoint = getWebhookEndpoint(emulator, path.id!);
    emulator.store.remove(endpoint.id);
    const deleted: Stripe.DeletedWebhookEndpoint = { id: endpoint.id, object: 'webhook_endpoint', deleted: true };
    return deleted;
  });

  defineRoute(app, emulator, 'GET', '/v1/webhook_endpoints', ({ params, url: listUrl }) => {
    allowOnly(params, ['limit', 'starting_after', 'ending_before']);
    return paginate(listWebhookEndpoints(emulator), params, listUrl);
  });
}
