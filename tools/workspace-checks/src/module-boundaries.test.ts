import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { run, workspaceRoot } from './workspace';

const fixture = (name: string) => readFileSync(join(workspaceRoot, 'tools/workspace-checks/fixtures', name), 'utf8');

/** Lints `code` as if it were the file at `filePath` (relative to the workspace) and returns the rule ids hit. */
async function ruleIdsFor(eslint: ESLint, filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(workspaceRoot, filePath) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('module boundaries', () => {
  let eslint: ESLint;

  beforeAll(async () => {
    // The Nx rule reads the cached project graph; without one it silently skips. Make sure there is one.
    const graph = await run('npx', ['nx', 'show', 'projects']);
    expect(graph.code).toBe(0);
    // The snippets below are linted as files that do not exist, so without type information: the boundary rules
    // need none (the type-aware rules are proven by every project's own lint).
    eslint = new ESLint({ cwd: workspaceRoot, overrideConfig: [tseslint.configs.disableTypeChecked] });
  });

  it.each([
    [
      'the storefront importing the Stripe Node SDK',
      'apps/storefront/src/fixture.ts',
      "import Stripe from 'stripe';",
      /enforce-module-boundaries.*stripe/,
    ],
    [
      'the admin importing the database library',
      'apps/admin/src/fixture.ts',
      "import { openDatabase } from '@storepay/db';",
      /enforce-module-boundaries/,
    ],
    [
      'the admin importing React Stripe.js',
      'apps/admin/src/fixture.ts',
      "import { Elements } from '@stripe/react-stripe-js';",
      /enforce-module-boundaries.*react-stripe-js/,
    ],
    [
      'a browser app importing the Node entry of payments-core',
      'apps/storefront/src/fixture.ts',
      "import { createStripeClient } from '@storepay/payments-core/server';",
      /no-restricted-imports.*Node-only/,
    ],
    [
      'a browser app importing a Node built-in',
      'apps/admin/src/fixture.ts',
      "import { readFileSync } from 'node:fs';",
      /no-restricted-imports/,
    ],
    [
      'payments-core importing fastify',
      'libs/payments-core/src/fixture.ts',
      "import Fastify from 'fastify';",
      /enforce-module-boundaries.*fastify/,
    ],
    [
      'payments-core importing Prisma',
      'libs/payments-core/src/server/fixture.ts',
      "import { PrismaClient } from '@prisma/client';",
      /enforce-module-boundaries/,
    ],
    [
      'payments-core importing an app',
      'libs/payments-core/src/fixture.ts',
      "import { buildApp } from '../../../apps/api/src/app';",
      /enforce-module-boundaries/,
    ],
    [
      'payments-core importing the database library',
      'libs/payments-core/src/server/fixture.ts',
      "import { openDatabase } from '@storepay/db';",
      /enforce-module-boundaries/,
    ],
    [
      'the database library importing an app',
      'libs/db/src/fixture.ts',
      "import { buildApp } from '../../../apps/api/src/app';",
      /enforce-module-boundaries/,
    ],
    [
      'the browser-safe entry of payments-core importing stripe',
      'libs/payments-core/src/money/fixture.ts',
      "import Stripe from 'stripe';",
      /no-restricted-imports.*Only libs\/payments-core\/src\/stripe/,
    ],
    [
      'the browser-safe entry reaching the Node-only modules',
      'libs/payments-core/src/money/fixture.ts',
      "import { createStripeClient } from '../stripe/stripe-client';",
      /no-restricted-imports.*browser-safe entry/,
    ],
    [
      'payments-core server code importing stripe outside src/stripe',
      'libs/payments-core/src/server/fixture.ts',
      "import Stripe from 'stripe';",
      /no-restricted-imports/,
    ],
    [
      'the database library’s production code importing the migration tooling',
      'libs/db/src/fixture.ts',
      "import { diffMigrationsToSchema } from '@storepay/prisma-offline';",
      /enforce-module-boundaries/,
    ],
    [
      'the API importing Prisma directly',
      'apps/api/src/fixture.ts',
      "import { PrismaClient } from '@prisma/client';",
      /enforce-module-boundaries/,
    ],
    [
      "the API's production code reaching Prisma through the database's test support",
      'apps/api/src/use-cases/fixture.ts',
      "import { prismaOf } from '@storepay/db/testing';",
      /no-restricted-imports.*Test support/,
    ],
    [
      "the admin's production code importing payments-core's test fixtures",
      'apps/admin/src/payments/fixture.ts',
      "import { productFixtures } from '@storepay/payments-core/testing';",
      /no-restricted-imports.*Test support/,
    ],
  ])('refuses %s', async (_name, filePath, code, expected) => {
    const hits = await ruleIdsFor(
      eslint,
      filePath,
      `${code}\nexport const used = [${code.match(/import \{? ?(\w+)/)?.[1]}];\n`,
    );
    expect(hits.join('\n')).toMatch(expected);
  });

  it('refuses an import cycle inside a project', async () => {
    // The fixture pair is ignored by the workspace's own lint; linted here on purpose.
    const withFixtures = new ESLint({ cwd: workspaceRoot, ignore: false });
    const results = await withFixtures.lintFiles(['tools/workspace-checks/fixtures/cycle/order.ts']);
    expect(results[0]?.messages.map((m) => `${m.ruleId}: ${m.message}`)).toEqual([
      'import-x/no-cycle: Dependency cycle detected',
    ]);
  });

  it('accepts test support in tests', async () => {
    expect(
      await ruleIdsFor(
        eslint,
        'apps/api/src/use-cases/fixture.test.ts',
        "import { prismaOf } from '@storepay/db/testing';\nexport const used = [prismaOf];\n",
      ),
    ).toEqual([]);
  });

  it('accepts what the rules allow', async () => {
    expect(await ruleIdsFor(eslint, 'apps/storefront/src/fixture.ts', fixture('allowed-browser.ts.txt'))).toEqual([]);
    expect(await ruleIdsFor(eslint, 'apps/api/src/fixture.ts', fixture('allowed-api.ts.txt'))).toEqual([]);
    expect(
      await ruleIdsFor(
        eslint,
        'libs/payments-core/src/stripe/fixture.ts',
        "import Stripe from 'stripe';\nexport type S = Stripe;\n",
      ),
    ).toEqual([]);
  });

  it('fails the lint command on a violation', async () => {
    // Lints a violation in place of a real file, with the workspace's whole configuration (type-aware rules too).
    const result = await run('npx', ['eslint', '--stdin', '--stdin-filename', 'apps/storefront/src/main.tsx'], {
      input: fixture('violation-browser.ts.txt'),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/@nx\/enforce-module-boundaries/);
  });
});
