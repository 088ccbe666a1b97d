import { describe, expect, it } from 'vitest';
import { formatTable, overhead, type Measurement } from './measure';

const row = (name: string, rps: number, p50: number, p99: number): Measurement => ({
  name,
  requestsPerSecond: rps,
  p50Ms: p50,
  p99Ms: p99,
  requests: rps * 10,
  responses2xx: rps * 10,
  non2xx: 0,
  errors: 0,
});

describe('benchmark reporting', () => {
  it('reports overhead as ratios to the baseline', () => {
    expect(overhead(row('emulator', 1000, 2, 8), row('checkout', 250, 8, 40))).toEqual({
      throughputRatio: 4,
      p50Ratio: 4,
      p99Ratio: 5,
    });
    expect(overhead(row('a', 100, 1, 1), row('b', 0, 1, 1)).throughputRatio).toBe(Number.POSITIVE_INFINITY);
  });

  it('prints an aligned table', () => {
    const table = formatTable([row('emulator', 1000, 2, 8), row('checkout', 250, 8.25, 40)]).split('\n');
    expect(table[0]).toMatch(/^benchmark\s+req\/s\s+p50 ms/);
    expect(table[2]).toMatch(/^checkout\s+250\s+8\.3\s+40\.0/);
  });
});
