import { context, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { traceDatabase } from '@storepay/db';
import type { StripeAttempt } from '@storepay/payments-core/server';
import type { FastifyPluginCallback } from 'fastify';

/** The tracer every span of ours comes from (a no-op one while tracing is off: nothing is recorded or sent). */
export const tracer = () => trace.getTracer('storepay');

export interface TracingOptions {
  /** `service.name`: storepay-api, or storepay-worker for a worker process. */
  serviceName: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: spans go there over OTLP/HTTP (`/v1/traces`). */
  endpoint?: string;
  /** Spans go here instead, each as it ends (tests: the in-memory exporter). */
  exporter?: SpanExporter;
}

export interface Tracing {
  /** Server spans for every request of an app, the parent of what the request does. */
  fastifyPlugin: FastifyPluginCallback;
  /** Sends what is buffered (an app's close calls it: a process's last spans are not lost). */
  flush(): Promise<void>;
}

let started: Tracing | null = null;

/**
 * Tracing for this process, when an OTLP endpoint (or, in tests, an exporter) is given; null otherwise, and then
 * nothing is instrumented, nor even loaded, at all. Spans: each HTTP request (@fastify/otel, continuing a caller's `traceparent`),
 * each Prisma operation and its SQL (@storepay/db's traceDatabase), each attempt to Stripe and each webhook event a
 * worker applies (ours, see `stripeAttemptSpan` and the worker). Once per process: the provider is global.
 */
export async function startTracing({ serviceName, endpoint, exporter }: TracingOptions): Promise<Tracing | null> {
  if (started) return started;
  if (!exporter && !endpoint) return null;
  // Loaded only when tracing is on: a process without OTEL_EXPORTER_OTLP_ENDPOINT carries none of the SDK.
  const [
    { FastifyOtelInstrumentation },
    { OTLPTraceExporter },
    { resourceFromAttributes },
    { BatchSpanProcessor, SimpleSpanProcessor },
    { NodeTracerProvider },
    { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION },
  ] = await Promise.all([
    import('@fastify/otel'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/semantic-conventions'),
  ]);
  if (started) return started;
  const spanProcessor = exporter
    ? new SimpleSpanProcessor(exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: new URL('v1/traces', withSlash(endpoint!)).toString() }));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName, [ATTR_SERVICE_VERSION]: '0.1.0' }),
    spanProcessors: [spanProcessor],
  });
  // The global provider, the AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  traceDatabase(provider);
  const fastify = new FastifyOtelInstrumentation({ instrumentHooks: false });
  fastify.setTracerProvider(provider);
  started = {
    fastifyPlugin: fastify.plugin(),
    flush: () => provider.forceFlush(),
  };
  return started;
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

/** The ids of the active span, for a log line (`trace_id`, `span_id`); none outside a span. */
export function activeTraceIds(): { trace_id: string; span_id: string } | Record<string, never> {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/** Adds facts (an order id, a PaymentIntent id) to the span of the request or event being handled. */
export function annotateActiveSpan(attributes: Attributes): void {
  trace.getSpan(context.active())?.setAttributes(attributes);
}

/**
 * One HTTP attempt to Stripe as a client span of whatever made it (the request, the worker's event, a schedule),
 * from when it began to its answer, with Stripe's request id: the id Stripe's Dashboard logs and its events'
 * `request.id` carry, which ties this trace to the webhook events the call caused.
 */
export function recordStripeAttemptSpan(attempt: StripeAttempt): void {
  const span = tracer().startSpan(`stripe ${attempt.operation}`, {
    kind: SpanKind.CLIENT,
    startTime: attempt.startedAt,
    attributes: {
      'stripe.operation': attempt.operation,
      'stripe.outcome': attempt.outcome,
      ...(attempt.status === null ? {} : { 'http.response.status_code': attempt.status }),
      ...(attempt.requestId ? { 'stripe.request_id': attempt.requestId } : {}),
      ...(attempt.retryOf ? { 'stripe.retry_of': attempt.retryOf } : {}),
    },
  });
  if (attempt.outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR, message: attempt.outcome });
  span.end(attempt.startedAt + attempt.durationSeconds * 1000);
}
