import { afterEach, describe, expect, it, vi } from 'vitest';
import { postgresqlTestsEnabled } from './test-database';

describe('postgresqlTestsEnabled', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('runs the PostgreSQL variants when TEST_DATABASE_URL is set', () => {
    vi.stubEnv('TEST_DATABASE_URL', 'postgresql://postgres@127.0.0.1:5432/x');
    vi.stubEnv('CI', 'true');
    expect(postgresqlTestsEnabled()).toBe(true);
  });

  it('skips them (reported as skipped) on a developer machine without one', () => {
    vi.stubEnv('TEST_DATABASE_URL', '');
    vi.stubEnv('CI', '');
    expect(postgresqlTestsEnabled()).toBe(false);
  });

  it('fails in CI without one: the race tests must not be dropped', () => {
    vi.stubEnv('TEST_DATABASE_URL', '');
    vi.stubEnv('CI', 'true');
    expect(() => postgresqlTestsEnabled()).toThrow(/TEST_DATABASE_URL/);
  });
});
