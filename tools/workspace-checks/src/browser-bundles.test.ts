import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it, vi } from 'vitest';
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

/** What of FORBIDDEN a built bundle contains: the scan every browser bundle must pass. */
function leaksIn(dir: string): string[] {
  const texts = bundleFiles(dir).map((file) => readFileSync(file, 'utf8'));
  return FORBIDDEN.filter(([, pattern]) => texts.some((text) => pattern.test(text))).map(([what]) => what);
}

/** Scratch folders inside the workspace's node_modules, so their imports resolve like the apps' own. */
const scratch = join(workspaceRoot, 'node_modules', '.cache', 'storepay-bundle-checks');
const scratchDir = (name: string) => {
  mkdirSync(scratch, { recursive: true });
  return mkdtempSync(join(scratch, `${name}-`));
};
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(['storefront', 'admin'])('the %s browser bundle', (app) => {
  const dist = join(workspaceRoot, 'apps', app, 'dist');

  it('exists (built by this target’s dependency)', () => {
    expect(existsSync(join(dist, 'index.html'))).toBe(true);
    expect(bundleFiles(dist).some((file) => file.endsWith('.js'))).toBe(true);
  });

  it('contains nothing server-side and no secret', () => {
    expect(leaksIn(dist)).toEqual([]);
  });

  it('serves no source maps: none built, none referenced', () => {
    const files = bundleFiles(dist);
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(files.filter((file) => /sourceMappingURL=/.test(readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('holds no secret of the environment it was built in', async () => {
    // Canary values in every server-side variable: a build must never carry one into the browser.
    const canaries = {
      STRIPE_SECRET_KEY: 'sk_test_canaryBundleLeak0001',
      STRIPE_WEBHOOK_SECRET: 'whsec_canaryBundleLeak0002',
      DATABASE_URL: 'postgresql://canary:bundle-leak-0003@127.0.0.1:5432/canary',
      ADMIN_PASSWORD: 'canary-bundle-leak-0004',
    };
    for (const [name, value] of Object.entries(canaries)) vi.stubEnv(name, value);
    // A production build, as `nx build` makes it (the test runner's own NODE_ENV would make a development one).
    vi.stubEnv('NODE_ENV', 'production');
    const outDir = scratchDir(`${app}-canary`);
    try {
      await build({
        configFile: join(workspaceRoot, 'apps', app, 'vite.config.ts'),
        mode: 'production',
        logLevel: 'silent',
        build: { outDir, emptyOutDir: true },
      });
      const texts = bundleFiles(outDir).map((file) => readFileSync(file, 'utf8'));
      expect(texts.length).toBeGreaterThan(0);
      for (const value of Object.values(canaries)) expect(texts.some((text) => text.includes(value))).toBe(false);
      expect(leaksIn(outDir)).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
    }
  }, 120_000);
});

describe('the scan itself', () => {
  it('flags a bundle that imports the Stripe Node SDK and holds a secret key (a positive control)', async () => {
    const root = scratchDir('leaky');
    writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>');
    writeFileSync(
      join(root, 'main.js'),
      "import Stripe from 'stripe';\nconst stripe = new Stripe('sk_test_positiveControl1');\nwindow.pay = () => stripe.paymentIntents.create({ amount: 1, currency: 'usd' });\n",
    );
    await build({
      root,
      configFile: false,
      logLevel: 'silent',
      build: { outDir: join(root, 'dist'), emptyOutDir: true },
    });
    expect(leaksIn(join(root, 'dist'))).toEqual(['the Stripe Node SDK', 'a Stripe secret key']);
  }, 120_000);
});
