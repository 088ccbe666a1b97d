// Every metric the alert rules (ops/prometheus/alerts.yml) query is one the processes export: a rule on a metric
// nobody exports would never fire.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics';

const rules = readFileSync(fileURLToPath(new URL('../../../../ops/prometheus/alerts.yml', import.meta.url)), 'utf8');

describe('alert rules', () => {
  it('query only metrics the API and worker processes export', async () => {
    // The exposition names every metric with its type, observed or not.
    const text = await createMetrics({
      inbox: async () => ({ backlog: 0, oldestReceivedAt: null, dead: 0 }),
    }).registry.metrics();
    const exported = new Set(
      [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) =>
        type === 'histogram' ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name!],
      ),
    );
    const queried = new Set(
      rules
        .split('\n')
        .filter((line) => !line.trim().startsWith('#'))
        .flatMap((line) => line.match(/\bstorepay_[a-z_]+/g) ?? []),
    );
    expect(queried.size).toBeGreaterThanOrEqual(5);
    expect([...queried].filter((name) => !exported.has(name))).toEqual([]);
  });
});
