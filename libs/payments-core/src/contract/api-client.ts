import type { ZodMiniType } from 'zod/mini';
import { apiErrorSchema } from './errors';

export interface ApiErrorInit {
  /** HTTP status; 0 when the request never got a response. */
  status: number;
  code: string;
  message: string;
  fields?: Record<string, string>;
  cause?: unknown;
}

/**
 * Every failure of an API call, typed: the server's `{error: {code, message, fields?}}` envelope,
 * a response that does not match the contract, or no response at all (code `network_error`).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Readonly<Record<string, string>> | undefined;

  constructor({ status, code, message, fields, cause }: ApiErrorInit) {
    super(message, { cause });
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  /** Whether trying the same request again may succeed (no response, or a server-side failure). */
  get isRetryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }

  /** Builds the error from a non-2xx response, using the API's error envelope when it has one. */
  static async fromResponse(response: Response): Promise<ApiError> {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    const parsed = apiErrorSchema.safeParse(body);
    if (parsed.success) {
      const { code, message, fields } = parsed.data.error;
      return new ApiError({ status: response.status, code, message, fields });
    }
    return new ApiError({
      status: response.status,
      code: `http_${response.status}`,
      message: `The server answered with status ${response.status}.`,
    });
  }
}

/** What each app tells its users when the API cannot be used; the codes stay the same everywhere. */
export interface ApiClientMessages {
  /** No response at all (code `network_error`). */
  networkError: string;
  /** A 2xx response whose body is not JSON (code `invalid_response`). */
  unreadableResponse: string;
  /** A 2xx JSON body that does not match the contract's schema (code `invalid_response`). */
  unexpectedFormat: string;
}

export interface ApiClientOptions {
  messages: ApiClientMessages;
  /** Headers added to every request, read at request time (the admin's CSRF token). */
  headers?: () => Record<string, string>;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface PostOptions extends RequestOptions {
  /** Sent as the `Idempotency-Key` header: the API answers a repeated key with the first request's result. */
  idempotencyKey?: string;
}

export interface ApiClient {
  /** GETs a JSON resource from the API (same origin) and parses it with the contract's schema. */
  getJson: <T>(path: string, schema: ZodMiniType<T>, options?: RequestOptions) => Promise<T>;
  /** POSTs a JSON body and parses the answer with the contract's schema; fails exactly like `getJson`. */
  postJson: <T>(path: string, body: unknown, schema: ZodMiniType<T>, options?: PostOptions) => Promise<T>;
  /** Any method with an optional JSON body; `schema` null expects no body back (204). */
  sendJson: <T>(
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body: unknown,
    schema: ZodMiniType<T> | null,
    options?: PostOptions,
  ) => Promise<T | null>;
  /** POSTs a file's own bytes (no multipart) with its type as Content-Type; fails exactly like `getJson`. */
  postFile: <T>(path: string, file: Blob, schema: ZodMiniType<T>, options?: RequestOptions) => Promise<T>;
}

/** An API client whose failures carry the given user-facing messages. */
export function createApiClient({ messages, headers: extraHeaders }: ApiClientOptions): ApiClient {
  async function request<T>(path: string, init: RequestInit, schema: ZodMiniType<T>, signal?: AbortSignal): Promise<T>;
  async function request(path: string, init: RequestInit, schema: null, signal?: AbortSignal): Promise<null>;
  async function request<T>(
    path: string,
    init: RequestInit,
    schema: ZodMiniType<T> | null,
    signal?: AbortSignal,
  ): Promise<T | null> {
    let response: Response;
    try {
      response = await fetch(path, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), ...extraHeaders?.() },
        signal,
      });
    } catch (cause) {
      if (signal?.aborted) throw cause;
      throw new ApiError({ status: 0, code: 'network_error', message: messages.networkError, cause });
    }

    if (!response.ok) throw await ApiError.fromResponse(response);
    if (schema === null) return null;

    let body: unknown;
    try {
      body = await response.json();
    } catch (cause) {
      throw new ApiError({
        status: response.status,
        code: 'invalid_response',
        message: messages.unreadableResponse,
        cause,
      });
    }

    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new ApiError({
        status: response.status,
        code: 'invalid_response',
        message: messages.unexpectedFormat,
        cause: parsed.error,
      });
    }
    return parsed.data;
  }

  const jsonHeaders = (idempotencyKey?: string, withBody = true) => ({
    Accept: 'application/json',
    ...(withBody ? { 'Content-Type': 'application/json' } : {}),
    ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
  });

  return {
    sendJson: <T>(
      method: string,
      path: string,
      body: unknown,
      schema: ZodMiniType<T> | null,
      { signal, idempotencyKey }: PostOptions = {},
    ) => {
      const init: RequestInit = {
        method,
        headers: jsonHeaders(idempotencyKey, body !== undefined),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      };
      return schema ? request(path, init, schema, signal) : request(path, init, null, signal);
    },
    getJson: (path, schema, { signal } = {}) =>
      request(path, { headers: { Accept: 'application/json' } }, schema, signal),
    postJson: (path, body, schema, { signal, idempotencyKey } = {}) =>
      request(
        path,
        { method: 'POST', headers: jsonHeaders(idempotencyKey), body: JSON.stringify(body) },
        schema,
        signal,
      ),
    postFile: (path, file, schema, { signal } = {}) =>
      request(
        path,
        { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': file.type }, body: file },
        schema,
        signal,
      ),
  };
}
