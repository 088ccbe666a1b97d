// Every metric the alert rules (ops/prometheus/alerts.yml) query is one the processes export: a rule on a metric
// nobody exports would never fire.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportedMetricNames, queriedMetricNames } from './testing';

const rules = readFileSync(fileURLToPath(new URL('../../../../ops/prometheus/alerts.yml', import.meta.url)), 'utf8');

describe('alert rules', () => {
  it('query only metrics the API and worker processes export', async () => {
    const exported = await exportedMetricNames();
    const queried = new Set(
      rules
        .split('\n')
        .filter((line) => !line.trim().startsWith('#'))
        .flatMap(queriedMetricNames),
    );
    expect(queried.size).toBeGreaterThanOrEqual(5);
    expect([...queried].filter((name) => !exported.has(name))).toEqual([]);
  });
});
