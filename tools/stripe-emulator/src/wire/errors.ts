/** A failure answered with Stripe's error envelope: `{error: {type, code, message, param, ...}}` and Stripe's status. */
export interface StripeErrorBody {
  type: 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error' | 'rate_limit_error';
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  payment_intent?: unknown;
  setup_intent?: unknown;
  charge?: string;
  payment_method?: unknown;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
    this.name = 'StripeApiError';
  }
}

const docs = (code: string) => `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`;

export const stripeErrors = {
  /** 404 for an object that does not exist: `No such payment_intent: 'pi_123'`. */
  missing(resource: string, id: string, param = 'id'): StripeApiError {
    return new StripeApiError(404, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: `No such ${resource}: '${id}'`,
      param,
      doc_url: docs('resource_missing'),
    });
  },
  /** 404 for a URL the emulator does not implement (Stripe answers unknown URLs the same way). */
  unrecognizedUrl(method: string, path: string): StripeApiError {
    return new StripeApiError(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}). This endpoint is not emulated; see tools/stripe-emulator/README.md.`,
    });
  },
  missingParam(param: string): StripeApiError {
    return new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'parameter_missing',
      message: `Missing required param: ${param}.`,
      param,
      doc_url: docs('parameter_missing'),
    });
  },
  invalidParam(param: string, message: string, code = 'parameter_invalid'): StripeApiError {
    return new StripeApiError(400, { type: 'invalid_request_error', code, message, param });
  },
  unknownParam(param: string): StripeApiError {
    return new StripeApiError(400, {
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      message: `Received unknown parameter: ${param}`,
      param,
    });
  },
  invalidRequest(message: string, code?: string, extra: Partial<StripeErrorBody> = {}): StripeApiError {
    return new StripeApiError(400, { type: 'invalid_request_error', message, ...(code ? { code } : {}), ...extra });
  },
  /** Stripe answers a missing or malformed key with 401 and an invalid_request_error. */
  authentication(message: string): StripeApiError {
    return new StripeApiError(401, { type: 'invalid_request_error', message });
  },
  permission(message: string): StripeApiError {
    return new StripeApiError(403, { type: 'invalid_request_error', code: 'secret_key_required', message });
  },
  idempotencyMismatch(key: string): StripeApiError {
    return new StripeApiError(400, {
      type: 'idempotency_error',
      message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    });
  },
  idempotencyInUse(): StripeApiError {
    return new StripeApiError(409, {
      type: 'idempotency_error',
      code: 'idempotency_key_in_use',
      message:
        'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): Please try again later.',
    });
  },
  rateLimited(): StripeApiError {
    return new StripeApiError(429, {
      type: 'invalid_request_error',
      code: 'rate_limit',
      message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
      doc_url: docs('rate_limit'),
    });
  },
  apiError(message = 'An unknown error occurred'): StripeApiError {
    return new StripeApiError(500, { type: 'api_error', message });
  },
};
