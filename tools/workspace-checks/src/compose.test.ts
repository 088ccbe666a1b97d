import { describe, expect, it } from 'vitest';
import { run } from './workspace';

describe('docker-compose.yml', () => {
  it('passes the compose linter', async () => {
    const result = await run('npx', ['dclint', 'docker-compose.yml']);
    expect(result.stdout + result.stderr).not.toMatch(/error|warning/);
    expect(result.code).toBe(0);
  });

  it('is checked for real: a broken file fails the linter', async () => {
    const result = await run('npx', ['dclint', 'tools/workspace-checks/fixtures/broken-compose.yml']);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/error/);
  });
});
