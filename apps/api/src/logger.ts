import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config';
import { activeTraceIds } from './tracing/tracing';

/**
 * Paths pino censors in every log line: credentials in headers, cookies, Stripe keys and secrets anywhere they
 * might be logged as objects. Card data never reaches the API (Stripe Elements keeps it in Stripe's iframe).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["stripe-signature"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.secretKey',
  '*.webhookSecret',
  '*.clientSecret',
  '*.client_secret',
  '*.token',
  'stripe.secretKey',
  'stripe.webhookSecret',
  'admin.password',
];

export function loggerOptions(
  config: Pick<Config, 'log'>,
  stream?: NodeJS.WritableStream,
): FastifyServerOptions['logger'] {
  return {
    ...(stream ? { stream } : {}),
    level: config.log.level,
    // Each line names the trace it belongs to (none while tracing is off): logs and spans join on trace_id.
    mixin: activeTraceIds,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      // The path only: a query string can carry personal data (`?q=<email>` in the payment search).
      req: (req) => ({ method: req.method, url: req.url.split('?')[0], headers: req.headers, remoteAddress: req.ip }),
    },
    ...(config.log.format === 'pretty'
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname,reqId,req.headers', singleLine: true },
          },
        }
      : {}),
  };
}
