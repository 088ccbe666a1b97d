// With OTEL_EXPORTER_OTLP_ENDPOINT set, spans leave the process over OTLP/HTTP to `<endpoint>/v1/traces` (a file
// of its own: tracing is started once per process).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { startTracing, tracer } from './tracing';

describe('OTLP export', () => {
  const received: { url: string; type: string; bytes: number }[] = [];
  const collector = createServer((request: IncomingMessage, response) => {
    let bytes = 0;
    request.on('data', (chunk: Buffer) => (bytes += chunk.length));
    request.on('end', () => {
      received.push({ url: request.url ?? '', type: request.headers['content-type'] ?? '', bytes });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => collector.close(resolve));
  });

  it('sends the process’s spans to the configured collector', async () => {
    const { port } = collector.address() as AddressInfo;
    const config = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_SERVICE_NAME: 'shop-1' });
    expect(config.tracing).toEqual({ endpoint: `http://127.0.0.1:${port}`, serviceName: 'shop-1' });
    const tracing = (await startTracing({
      serviceName: config.tracing.serviceName!,
      endpoint: config.tracing.endpoint,
    }))!;
    expect(tracing).not.toBeNull();
    tracer().startSpan('checkout').end();
    await tracing.flush();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ url: '/v1/traces' });
    expect(received[0]!.bytes).toBeGreaterThan(0);
  });

  it('refuses an endpoint that is not an http(s) URL, naming the variable', () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
