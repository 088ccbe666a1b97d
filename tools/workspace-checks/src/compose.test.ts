import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { run, workspaceRoot } from './workspace';

interface ComposeService {
  build?: { dockerfile: string };
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
}

// `merge`: the api and worker services share their environment through a YAML merge key.
const compose = parse(readFileSync(join(workspaceRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
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
    for (const service of ['api', 'worker']) {
      const env = compose.services[service]!.environment!;
      for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_PUBLISHABLE_KEY', 'STRIPE_WEBHOOK_SECRET']) {
        expect(env[name], `${service}: ${name}`).toMatch(new RegExp(`^\\$\\{${name}:\\?.+\\}$`));
      }
      expect(env.DATABASE_URL).toMatch(/^postgresql:\/\//);
      // Shared limits across the replicas.
      expect(env.REDIS_URL).toBe('redis://redis:6379');
    }
    expect(JSON.stringify(compose)).not.toMatch(/storepay-demo-admin|admin@storepay\.local/);
  });

  it('runs HTTP and the webhook worker as separate, scalable services', () => {
    expect(compose.services.api!.environment!.API_MODE).toBe('http');
    expect(compose.services.worker!.environment!.API_MODE).toBe('worker');
    // Scalable: nothing pins one container (a fixed name or a published port would).
    for (const service of ['api', 'worker']) {
      expect(JSON.stringify(compose.services[service])).not.toMatch(/container_name/);
    }
  });

  it('publishes only the TLS proxy, which the API trusts as its one hop, built from the tested nginx files', () => {
    const published = Object.entries(compose.services)
      .filter(([, service]) => service.ports)
      .map(([name]) => name);
    expect(published).toEqual(['proxy']);
    expect(compose.services.proxy!.ports).toEqual(['0.0.0.0:80:80', '0.0.0.0:443:443']);
    expect(compose.services.proxy!.build!.dockerfile).toBe('ops/nginx/Dockerfile');
    expect(compose.services.proxy!.environment!.API_UPSTREAMS).toBe('api:3000');
    expect(compose.services.api!.environment!.TRUST_PROXY).toBe('1');
  });
});
