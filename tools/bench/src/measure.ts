import autocannon from 'autocannon';

export interface Measurement {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Answers with a 2xx status. */
  responses2xx: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  name: string;
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  durationSeconds: number;
  /** Per-request hooks (autocannon's `setupRequest`/`onResponse`), e.g. a distinct, signed body every time. */
  requests?: autocannon.Request[];
}

/** Runs a closed-loop load against one URL on this machine and summarises it. */
export async function measure(options: LoadOptions): Promise<Measurement> {
  const result = await autocannon({
    url: options.url,
    method: options.method,
    headers: options.headers,
    body: options.body,
    connections: options.connections,
    duration: options.durationSeconds,
    ...(options.requests ? { requests: options.requests } : {}),
  });
  return {
    name: options.name,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    responses2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** How many times slower `subject` is than `baseline` (throughput), and how much longer its p50/p99 are. */
export function overhead(baseline: Measurement, subject: Measurement) {
  const ratio = (a: number, b: number) => (b === 0 ? Number.POSITIVE_INFINITY : Math.round((a / b) * 100) / 100);
  return {
    throughputRatio: ratio(baseline.requestsPerSecond, subject.requestsPerSecond),
    p50Ratio: ratio(subject.p50Ms, baseline.p50Ms),
    p99Ratio: ratio(subject.p99Ms, baseline.p99Ms),
  };
}

export function formatTable(rows: Measurement[]): string {
  const header = ['benchmark', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'non-2xx', 'errors'];
  const lines = rows.map((r) => [
    r.name,
    r.requestsPerSecond.toFixed(0),
    r.p50Ms.toFixed(1),
    r.p99Ms.toFixed(1),
    String(r.requests),
    String(r.non2xx),
    String(r.errors),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [header, ...lines].map((cells) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}
