// The alert rules (ops/prometheus/alerts.yml) are valid for Prometheus and behave as their unit tests say: each fires
// on the series that should page someone and stays quiet on healthy ones (promtool, from Debian's prometheus package,
// which npm test installs). apps/api's metrics tests check that every metric they name is exported.
import { describe, expect, it } from 'vitest';
import { run } from './workspace';

describe('alert rules', () => {
  it('pass promtool’s check', async () => {
    const checked = await run('/usr/bin/promtool', ['check', 'rules', 'ops/prometheus/alerts.yml']);
    expect(checked.stdout + checked.stderr).toMatch(/SUCCESS: \d+ rules found/);
    expect(checked.code).toBe(0);
  });

  it('pass their unit tests (promtool test rules)', async () => {
    const tested = await run('/usr/bin/promtool', ['test', 'rules', 'ops/prometheus/alerts.test.yml']);
    expect(tested.stdout + tested.stderr).toMatch(/SUCCESS/);
    expect(tested.code, tested.stdout + tested.stderr).toBe(0);
  });

  it('are tested for real: a rule test that expects the wrong alert fails', async () => {
    const tested = await run('/usr/bin/promtool', [
      'test',
      'rules',
      'tools/workspace-checks/fixtures/broken-alerts.test.yml',
    ]);
    expect(tested.code).not.toBe(0);
    expect(tested.stdout + tested.stderr).toMatch(/FAILED/);
  });
});
