import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { onResponseHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { createMetrics, type Metrics } from './metrics';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
    /** Where `/metrics` is served once the app is ready (null: METRICS_PORT is not set). */
    metricsAddress: () => AddressInfo | null;
  }
}

export interface MetricsPluginOptions {
  config: Config;
}

/**
 * The process's metrics (see metrics.ts), served as `GET /metrics` on METRICS_PORT: a listener of its own, on
 * loopback by default, so the API's port (the one the proxy forwards) never exposes them and a worker process, which
 * has no HTTP server, exposes them too. Every HTTP answer of the app is timed by its route template.
 */
export const metricsPlugin = fp<MetricsPluginOptions>(
  async (app, { config }) => {
    const metrics = createMetrics({ gauges: () => app.useCases.operationsGauges() });
    app.decorate('metrics', metrics);

    // Every route times its own answers (the webhook ingest's included), labelled by its template: a callback hook
    // added as the route is registered, so no request pays for looking the template up (Fastify's
    // `request.routeOptions` builds a new object on every read) or prom-client for hashing labels it has seen.
    app.addHook('onRoute', (route) => {
      const children = new Map<string, ReturnType<typeof metrics.httpRequestDuration.labels>>();
      const time: onResponseHookHandler = (request, reply, done) => {
        const key = `${request.method} ${reply.statusCode}`;
        let child = children.get(key);
        if (!child) {
          child = metrics.httpRequestDuration.labels(route.url, request.method, String(reply.statusCode));
          children.set(key, child);
        }
        child.observe(reply.elapsedTime / 1000);
        done();
      };
      route.onResponse = [...(route.onResponse ? [route.onResponse].flat() : []), time];
    });
    // Requests no route matched share one label.
    app.addHook('onResponse', (request, reply, done) => {
      if (request.is404) {
        metrics.httpRequestDuration
          .labels('unmatched', request.method, String(reply.statusCode))
          .observe(reply.elapsedTime / 1000);
      }
      done();
    });

    let server: Server | null = null;
    app.decorate('metricsAddress', () => (server?.address() as AddressInfo | null) ?? null);
    if (config.metrics.port === undefined) return;
    const port = config.metrics.port;
    app.addHook('onReady', async () => {
      server = createServer((request, response) => {
        if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
          response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
          return;
        }
        metrics.registry.metrics().then(
          (body) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
          (error: unknown) => {
            app.log.error({ err: error }, 'metrics could not be collected');
            response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
          },
        );
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(port, config.metrics.host, () => resolve());
      });
      app.log.info({ address: server.address() }, 'metrics listening');
    });
    app.addHook('onClose', async () => {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    });
  },
  // Before the services (they report Stripe calls to it); the database's gauges are read only at scrape time.
  { name: 'metrics' },
);
