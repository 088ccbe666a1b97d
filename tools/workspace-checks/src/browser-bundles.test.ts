import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceRoot } from './workspace';

/** Strings that only appear when server-side code or a secret leaked into a browser bundle. */
const FORBIDDEN: [string, RegExp][] = [
  // Identifiers of the SDK's own code (the bare words "stripe-node" may appear in comments of shared modules).
  ['the Stripe Node SDK', /NodeBindings|StripeResource|StripeMethod|api\.stripe\.com\/v1/],
  ['Prisma', /PrismaClient|@prisma\/client|prisma-client|query_compiler/],
  ['node-postgres or PGlite', /pg-protocol|pglite|PGlite/],
  ['a Stripe secret key', /sk_(test|live)_[A-Za-z0-9]{4,}|rk_(test|live)_[A-Za-z0-9]{4,}/],
  ['a webhook signing secret', /whsec_[A-Za-z0-9]{4,}/],
  ['a database URL', /postgres(ql)?:\/\/[^\s"'`]+/],
];

function bundleFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(js|mjs|html|css|map)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe.each(['storefront', 'admin'])('the %s browser bundle', (app) => {
  const dist = join(workspaceRoot, 'apps', app, 'dist');

  it('exists (built by this target’s dependency)', () => {
    expect(existsSync(join(dist, 'index.html'))).toBe(true);
    expect(bundleFiles(dist).some((file) => file.endsWith('.js'))).toBe(true);
  });

  it.each(FORBIDDEN)('contains no %s', (_what, pattern) => {
    const offenders = bundleFiles(dist).filter((file) => pattern.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
