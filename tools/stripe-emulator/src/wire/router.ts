import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Emulator } from '../emulator';
import { API_VERSION } from '../emulator';
import type { RequestContext } from '../state';
import { readBody, uploadsFingerprint, type Upload } from './body';
import { StripeApiError, stripeErrors } from './errors';
import { expand, stripInternal } from './expand';
import { newId } from './ids';
import { strList, type Params } from './params';

export interface HandlerInput {
  params: Params;
  /** Path parameters (`:id`). */
  path: Record<string, string>;
  ctx: RequestContext;
  emulator: Emulator;
  /** The request URL without the query string, for list `url` fields. */
  url: string;
  /** The request's `Host` header (`127.0.0.1:12111`), for URLs that point back at the emulator (3DS pages). */
  host: string;
  /** The file parts of a multipart/form-data body (`POST /v1/files`), by field name; empty otherwise. */
  uploads: Record<string, Upload>;
}

/** A GET handler's answer that is not a Stripe object: bytes with their content type (a file's contents). */
export class RawBody {
  constructor(
    readonly contentType: string,
    readonly data: Buffer,
  ) {}
}

export type Handler = (input: HandlerInput) => unknown;

export interface RouteOptions {
  /** Stripe.js calls this with a publishable key (pk_test_...). Default: secret keys only. */
  publishable?: boolean;
  /** The route takes file parts in a multipart/form-data body (uploads); elsewhere a file part is refused. */
  uploads?: boolean;
}

const SECRET_KEY = /^(sk|rk)_test_[A-Za-z0-9_]+$/;
const PUBLISHABLE_KEY = /^pk_test_[A-Za-z0-9_]+$/;

/** The API key from `Authorization: Bearer <key>` or Basic auth with the key as user name (as curl -u sends). */
function apiKey(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) {
    throw stripeErrors.authentication(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  const [scheme, value = ''] = header.split(' ', 2);
  let key = '';
  if (scheme?.toLowerCase() === 'bearer') key = value.trim();
  else if (scheme?.toLowerCase() === 'basic') key = Buffer.from(value, 'base64').toString('utf8').split(':')[0] ?? '';
  if (!key) {
    throw stripeErrors.authentication(
      'Invalid API Key provided. The Authorization header must be `Bearer <key>` or Basic auth with the key as the username.',
    );
  }
  if (!SECRET_KEY.test(key) && !PUBLISHABLE_KEY.test(key)) {
    const shown =
      key.length > 8 ? `${key.slice(0, 8)}${'*'.repeat(Math.min(key.length - 12, 20))}${key.slice(-4)}` : key;
    throw stripeErrors.authentication(`Invalid API Key provided: ${shown} (the emulator accepts test keys only)`);
  }
  return key;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function send(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', 'application/json').send(JSON.stringify(body));
}

/**
 * Registers a /v1 route with everything Stripe does around it: auth, fault injection, idempotency keys,
 * form parameters, `expand[]`, internal-field stripping and the error envelope.
 */
export function defineRoute(
  app: FastifyInstance,
  emulator: Emulator,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  handler: Handler,
  options: RouteOptions = {},
): void {
  app.route({
    method,
    url: path,
    handler: async (request, reply) => {
      const requestId = newId('req', 14);
      void reply.header('request-id', requestId);
      void reply.header('stripe-version', String(request.headers['stripe-version'] ?? API_VERSION));
      const url = request.url.split('?')[0] ?? request.url;
      let idempotencyRecordKey: string | null = null;
      try {
        const key = apiKey(request);
        const keyType = key.startsWith('pk_') ? 'publishable' : 'secret';
        if (keyType === 'publishable' && !options.publishable) {
          throw stripeErrors.authentication(
            'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
          );
        }

        const fault = emulator.faults.take(method, url);
        if (fault?.kind === 'rate_limit') throw stripeErrors.rateLimited();
        if (fault?.kind === 'server_error') throw stripeErrors.apiError('Injected server error (emulator fault).');
        if (fault?.kind === 'timeout') {
          // Never answer: the client's own timeout fires. The socket is closed after a minute to free it.
          await sleep(60_000);
          request.raw.destroy();
          return reply;
        }
        if (fault?.kind === 'delay') await sleep(fault.ms);

        const { params: raw, uploads } =
          method === 'POST' ? await readBody(request) : { params: (request.query ?? {}) as Params, uploads: {} };
        const params: Params = { ...raw };
        const unexpectedUpload = options.uploads ? undefined : Object.keys(uploads)[0];
        if (unexpectedUpload !== undefined) throw stripeErrors.unknownParam(unexpectedUpload);
        const expandPaths = strList(params, 'expand') ?? [];
        delete params.expand;

        const idempotencyKey =
          method === 'POST' ? ((request.headers['idempotency-key'] as string | undefined) ?? null) : null;
        if (idempotencyKey) {
          if (idempotencyKey.length > 255) {
            throw stripeErrors.invalidParam('Idempotency-Key', 'Idempotency keys can be at most 255 characters long.');
          }
          idempotencyRecordKey = `${key}:${idempotencyKey}`;
          // Multipart boundaries differ on every retry: uploads count by their names, types and bytes only.
          const fingerprint = createHash('sha256')
            .update(`${method} ${url} ${canonical(raw)} ${canonical(uploadsFingerprint(uploads))}`)
            .digest('hex');
          const stored = emulator.idempotency.get(idempotencyRecordKey);
          if (stored) {
            idempotencyRecordKey = null;
            if (stored.fingerprint !== fingerprint) throw stripeErrors.idempotencyMismatch(idempotencyKey);
            if (!stored.done) throw stripeErrors.idempotencyInUse();
            void reply.header('idempotent-replayed', 'true');
            return send(reply, stored.status, stored.body);
          }
          emulator.idempotency.set(idempotencyRecordKey, { fingerprint, status: 0, body: null, done: false });
        }

        const ctx: RequestContext = { requestId, idempotencyKey, keyType };
        const host = request.headers.host ?? '127.0.0.1';
        const result = await handler({
          params,
          path: request.params as Record<string, string>,
          ctx,
          emulator,
          url,
          host,
          uploads,
        });
        if (result instanceof RawBody) {
          return reply.code(200).header('content-type', result.contentType).send(result.data);
        }
        const body = stripInternal(expand(structuredClone(result), expandPaths, emulator.store));
        if (idempotencyRecordKey) {
          const stored = emulator.idempotency.get(idempotencyRecordKey)!;
          Object.assign(stored, { status: 200, body, done: true });
        }
        return send(reply, 200, body);
      } catch (error) {
        const failure =
          error instanceof StripeApiError
            ? error
            : stripeErrors.apiError(error instanceof Error ? error.message : 'An unknown error occurred');
        if (!(error instanceof StripeApiError)) request.log.error({ err: error }, 'emulator handler failed');
        if (idempotencyRecordKey) {
          // Stripe saves the outcome of a request that ran, errors included, but not a 5xx, so a retry can succeed.
          if (failure.status >= 500 || failure.status === 429) emulator.idempotency.delete(idempotencyRecordKey);
          else
            Object.assign(emulator.idempotency.get(idempotencyRecordKey)!, {
              status: failure.status,
              body: { error: failure.body },
              done: true,
            });
        }
        return send(reply, failure.status, { error: stripInternal(failure.body) });
      }
    },
  });
}
