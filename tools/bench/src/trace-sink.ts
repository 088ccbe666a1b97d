// BENCH_TRACING=1: the API processes the benchmarks start export their spans (OTLP over HTTP) to this sink, which
// answers every batch at once and counts them, so a run measures the cost of tracing on, not of a collector.
import { createServer } from 'node:http';
import { freePort } from './processes';

export interface TraceSink {
  url: string;
  /** Batches of spans received so far. */
  batches(): number;
  close(): Promise<void>;
}

export async function startTraceSink(): Promise<TraceSink> {
  let batches = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v1/traces') batches += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    batches: () => batches,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
