// The Grafana dashboard (ops/grafana/storepay.json) queries only metrics the processes export, and every storepay
// metric has a panel: a panel on a metric nobody exports stays empty without an error, and a metric without a panel is
// one the on-call never sees.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportedMetricNames, queriedMetricNames } from './testing';

interface Panel {
  id?: number;
  type?: string;
  title?: string;
  gridPos?: { x?: number; y?: number; w?: number; h?: number };
  datasource?: { type?: string; uid?: string };
  targets?: { expr?: string; datasource?: { type?: string; uid?: string } }[];
  /** A collapsed row's panels. */
  panels?: Panel[];
}

interface Dashboard {
  title?: string;
  uid?: string;
  schemaVersion?: number;
  panels?: Panel[];
  templating?: { list?: { type?: string; definition?: string; query?: string | { query?: string } }[] };
}

const text = readFileSync(fileURLToPath(new URL('../../../../ops/grafana/storepay.json', import.meta.url)), 'utf8');

/** Every panel, those of collapsed rows included. */
function allPanels(dashboard: Dashboard): Panel[] {
  return (dashboard.panels ?? []).flatMap((panel) => [panel, ...allPanels({ panels: panel.panels })]);
}

/** Every PromQL expression of the dashboard: its panels' queries and its query variables'. */
function expressions(dashboard: Dashboard): string[] {
  const variables = (dashboard.templating?.list ?? [])
    .filter((variable) => variable.type === 'query')
    .map((variable) =>
      typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? variable.definition ?? ''),
    );
  return [
    ...allPanels(dashboard).flatMap((panel) => (panel.targets ?? []).map((target) => target.expr ?? '')),
    ...variables,
  ];
}

/**
 * The metric names an expression names: storepay's, and prom-client's process defaults (process_*, nodejs_*; with
 * digits, as in nodejs_eventloop_lag_p99_seconds).
 */
function metricNames(promql: string): string[] {
  return [...queriedMetricNames(promql), ...(promql.match(/\b(?:process|nodejs)_[a-z0-9_]+/g) ?? [])];
}

/** The metric names the dashboard queries that no process exports. */
function unknownMetricNames(dashboard: Dashboard, exported: Set<string>): string[] {
  return [...new Set(expressions(dashboard).flatMap(metricNames))].filter((name) => !exported.has(name));
}

/** A histogram's series (_bucket, _count, _sum) as the histogram's name. */
const family = (name: string) => name.replace(/_(?:bucket|count|sum)$/, '');

/** The storepay metrics the processes export that no panel queries. */
function metricsWithoutPanel(dashboard: Dashboard, exported: Set<string>): string[] {
  const queried = new Set(expressions(dashboard).flatMap(queriedMetricNames).map(family));
  return [...new Set([...exported].filter((name) => name.startsWith('storepay_')).map(family))].filter(
    (name) => !queried.has(name),
  );
}

describe('Grafana dashboard', () => {
  let exported: Set<string>;
  let dashboard: Dashboard;
  beforeAll(async () => {
    exported = await exportedMetricNames();
    dashboard = JSON.parse(text) as Dashboard;
  });

  it('is an importable dashboard: a title, a uid, unique panel ids, a query in every panel', () => {
    expect(dashboard.title).toBeTruthy();
    expect(dashboard.uid).toMatch(/^[\w-]{1,40}$/);
    expect(dashboard.schemaVersion).toBe(39);
    const panels = allPanels(dashboard);
    const ids = panels.map((panel) => panel.id);
    expect(ids.every((id) => Number.isInteger(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panels) {
      expect(panel.gridPos, panel.title).toEqual({
        x: expect.any(Number),
        y: expect.any(Number),
        w: expect.any(Number),
        h: expect.any(Number),
      });
      if (panel.type === 'row') continue;
      expect(['timeseries', 'stat'], panel.title).toContain(panel.type);
      expect(panel.targets?.length, panel.title).toBeGreaterThanOrEqual(1);
      for (const target of panel.targets ?? []) expect(target.expr?.trim(), panel.title).toBeTruthy();
    }
  });

  it('is bound to no datasource: every panel and query uses the datasource variable', () => {
    const variables = dashboard.templating?.list ?? [];
    expect(variables).toContainEqual(expect.objectContaining({ type: 'datasource', query: 'prometheus' }));
    const queried = allPanels(dashboard)
      .filter((panel) => panel.type !== 'row')
      .flatMap((panel) => [panel.datasource, ...(panel.targets ?? []).map((target) => target.datasource)]);
    expect(new Set(queried.map((datasource) => datasource?.uid))).toEqual(new Set(['${datasource}']));
  });

  it('queries only metrics the API and worker processes export, their process defaults included', () => {
    const names = new Set(expressions(dashboard).flatMap(metricNames));
    expect([...names].filter((name) => name.startsWith('storepay_')).length).toBeGreaterThanOrEqual(5);
    // The process panels' metrics, which createMetrics exports through collectDefaultMetrics.
    expect(names).toContain('process_resident_memory_bytes');
    expect(names).toContain('nodejs_eventloop_lag_p99_seconds');
    expect(unknownMetricNames(dashboard, exported)).toEqual([]);
  });

  it('reports a panel on a metric nobody exports', () => {
    const copy = JSON.parse(text) as Dashboard;
    const panel = allPanels(copy).find((candidate) => candidate.type === 'timeseries')!;
    panel.targets = [
      { expr: 'sum(rate(storepay_no_such_metric_total[$__rate_interval]))' },
      { expr: 'max(nodejs_no_such_metric_seconds)' },
    ];
    expect(unknownMetricNames(copy, exported)).toEqual([
      'storepay_no_such_metric_total',
      'nodejs_no_such_metric_seconds',
    ]);
  });

  it('has a panel for every storepay metric the processes export', () => {
    expect(metricsWithoutPanel(dashboard, exported)).toEqual([]);
    // A dashboard without the dead events' panel is reported.
    const copy = JSON.parse(text) as Dashboard;
    copy.panels = copy.panels?.filter(
      (panel) => !queriedMetricNames(JSON.stringify(panel.targets ?? [])).includes('storepay_webhook_dead_events'),
    );
    expect(metricsWithoutPanel(copy, exported)).toEqual(['storepay_webhook_dead_events']);
  });
});
