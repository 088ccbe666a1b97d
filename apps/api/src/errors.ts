import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** An error the API answers with its own status and code; the message is safe to show to a client. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    /** Details for the logs only, never sent to the client. */
    readonly internalMessage?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

const body = (code: string, message: string, fields?: Record<string, string>): ErrorBody => ({
  error: fields ? { code, message, fields } : { code, message },
});

/** Fastify's own client errors, by code, answered with a stable code of ours. */
const FASTIFY_CLIENT_ERRORS: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
};

/**
 * The one table from errors to HTTP: validation → 400 with the fields that are wrong, HttpError → its status,
 * Fastify client errors → their 4xx, anything else → 500 whose body never carries internals.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(body('not_found', `no route for ${request.method} ${request.url.split('?')[0]}`));
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields: Record<string, string> = {};
      for (const issue of error.validation) {
        const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || error.validationContext || 'request';
        fields[path] ??= issue.message ?? 'is invalid';
      }
      return reply.code(400).send(body('validation_failed', 'The request is invalid.', fields));
    }
    if (error instanceof HttpError) {
      if (error.statusCode >= 500)
        request.log.error({ code: error.code, detail: error.internalMessage }, error.message);
      else if (error.internalMessage)
        request.log.info({ code: error.code, detail: error.internalMessage }, error.message);
      return reply.code(error.statusCode).send(body(error.code, error.message, error.fields));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = (error.code && FASTIFY_CLIENT_ERRORS[error.code]) ?? 'invalid_request';
      return reply.code(status).send(body(code, error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(status >= 500 ? status : 500).send(body('internal_error', 'Something went wrong on our side.'));
  });
}
