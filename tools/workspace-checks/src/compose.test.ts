import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { run, workspaceRoot } from './workspace';

interface ComposeService {
  environment?: Record<string, string>;
  ports?: string[];
}

const compose = parse(readFileSync(join(workspaceRoot, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
};

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

  it('is never the demo: the Stripe keys and webhook secret are required, with no default', () => {
    const env = compose.services.api!.environment!;
    for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_PUBLISHABLE_KEY', 'STRIPE_WEBHOOK_SECRET']) {
      expect(env[name], name).toMatch(new RegExp(`^\\$\\{${name}:\\?.+\\}$`));
    }
    expect(env.DATABASE_URL).toMatch(/^postgresql:\/\//);
    expect(JSON.stringify(compose)).not.toMatch(/storepay-demo-admin|admin@storepay\.local/);
  });

  it('publishes the API only through the proxies that TRUST_PROXY trusts', () => {
    expect(compose.services.api!.environment!.TRUST_PROXY).toBe('1');
    expect(compose.services.api!.ports).toBeUndefined();
    expect(compose.services.migrate!.ports).toBeUndefined();
    expect(compose.services.postgres!.ports).toBeUndefined();
  });
});
