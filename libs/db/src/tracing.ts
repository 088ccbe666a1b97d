import { SpanKind, SpanStatusCode, type TracerProvider, type Tracer } from '@opentelemetry/api';
import { PrismaInstrumentation } from '@prisma/instrumentation';

let queryTracer: Tracer | null = null;

/**
 * Database spans for the process's tracing (the API's tracing/tracing.ts turns it on): every Prisma operation with
 * its SQL (@prisma/instrumentation), and the SQL of the hot paths that bypass Prisma (`query`). While it is off,
 * those paths run as they are, untouched.
 */
export function traceDatabase(provider: TracerProvider): void {
  const prisma = new PrismaInstrumentation();
  prisma.setTracerProvider(provider);
  prisma.enable();
  queryTracer = provider.getTracer('storepay-db');
}

/** `run` as a client span of the active one when tracing is on (the statement's first words name it). */
export function tracedQuery<T>(sql: string, run: () => Promise<T>): Promise<T> {
  if (!queryTracer) return run();
  const operation = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SQL';
  return queryTracer.startActiveSpan(
    `db ${operation}`,
    { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.query.text': sql } },
    async (span) => {
      try {
        return await run();
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
