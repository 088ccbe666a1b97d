import { describe, expect, it } from 'vitest';
import { run } from './workspace';

describe('npm start configuration', () => {
  it('exits non-zero naming a bad variable before starting anything', async () => {
    const result = await run('node', ['scripts/start.mjs'], { env: { API_PORT: 'abc' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/API_PORT: must be a port number/);
    expect(result.stdout).not.toMatch(/storepay is running/);
  });

  it('names every bad variable at once', async () => {
    const result = await run('node', ['scripts/start.mjs'], {
      env: { STOREFRONT_PORT: '99999', DATABASE_URL: 'mysql://localhost/shop' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/STOREFRONT_PORT/);
    expect(result.stderr).toMatch(/DATABASE_URL: must be a postgresql:\/\/ connection string/);
  });
});
