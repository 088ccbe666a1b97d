// Test support for the metrics: reading a scrape, and the names a process exports as PromQL sees them (for the
// tests of what queries them: alert rules, dashboards).
import type { OperationsGaugeFigures } from '@storepay/db';
import { createMetrics } from './metrics';

const NO_FIGURES: OperationsGaugeFigures = {
  inbox: { backlog: 0, oldestReceivedAt: null, dead: 0 },
  refunds: { awaitingApproval: 0, oldestAwaitingSince: null, unsent: 0 },
  outbox: { pending: 0, oldestPendingSince: null, failed: 0 },
  reconciliation: { lastSucceededAt: null },
};

/** Every series name an API or worker process exports (a histogram's as _bucket, _count and _sum), observed or not. */
export async function exportedMetricNames(): Promise<Set<string>> {
  const text = await createMetrics({ gauges: async () => NO_FIGURES }).registry.metrics();
  return new Set(
    [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) =>
      type === 'histogram' ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name!],
    ),
  );
}

/** The storepay metric names a PromQL expression (or several) names. */
export function queriedMetricNames(promql: string): string[] {
  return promql.match(/\bstorepay_[a-z_]+/g) ?? [];
}

/** A process's `/metrics`, as Prometheus scrapes it. */
export async function scrapeMetrics(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

/** The value of one sample of a scrape, e.g. sample(text, 'storepay_checkouts_total', {outcome: 'created'}). */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = new Map([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!] as const));
    if (Object.entries(labels).every(([key, value]) => found.get(key) === value)) return Number(match[3]);
  }
  return undefined;
}
