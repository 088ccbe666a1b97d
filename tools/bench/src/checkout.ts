// `npm run bench -- checkout`: checkout throughput and latency against the Stripe emulator, beside the emulator's
// own PaymentIntent creation measured in the same run; and the storefront's initial JavaScript, gzipped.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatTable, measure, overhead } from './measure';
import { emulatorAsStripe, freePort, startEmulator, startService, workspaceRoot } from './processes';

const SECRET_KEY = 'sk_test_storepay_bench';

export async function benchCheckout(): Promise<void> {
  const durationSeconds = Number(process.env.BENCH_DURATION ?? 10);
  const warmupSeconds = Number(process.env.BENCH_WARMUP ?? 2);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
  const dataDir = mkdtempSync(join(tmpdir(), 'storepay-bench-'));
  const emulator = await startEmulator();
  const emulatorPort = emulator.port;
  const apiPort = await freePort();
  const api = await startService({
    name: 'api',
    cwd: join(workspaceRoot, 'apps/api'),
    args: ['src/main.ts'],
    env: {
      API_PORT: String(apiPort),
      // On PostgreSQL the production layout: an HTTP process alone (its workers are processes of their own). On the
      // embedded database the demo's one process, whose workers share its single connection.
      API_MODE: process.env.BENCH_DATABASE_URL ? 'http' : 'all',
      STRIPE_EMULATOR_PORT: String(emulatorPort),
      LOG_LEVEL: 'warn',
      SEED_DEMO_CATALOG: 'true',
      // One client address and one email make every request: the abuse limits (their own tests) would answer 429.
      RATE_LIMITS: 'checkout_ip=999999999/60,checkout_email=999999999/60',
      ...(process.env.BENCH_DATABASE_URL
        ? { DATABASE_URL: process.env.BENCH_DATABASE_URL, ...emulatorAsStripe(emulatorPort) }
        : { DATA_DIR: dataDir }),
    },
    port: apiPort,
    readyPath: '/ready',
  });

  try {
    const { products } = (await (await fetch(`${api.url}/api/products`)).json()) as { products: { id: string }[] };
    const cart = JSON.stringify({
      items: [
        { productId: products[0]!.id, quantity: 1 },
        { productId: products[1]!.id, quantity: 2 },
      ],
      currency: 'usd',
      email: 'bench@example.com',
    });

    const emulatorLoad = {
      url: `${emulator.url}/v1/payment_intents`,
      method: 'POST' as const,
      headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'amount=7100&currency=usd&automatic_payment_methods[enabled]=true&metadata[order_id]=bench',
      connections,
    };
    const checkoutLoad = {
      url: `${api.url}/api/checkout`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: cart,
      connections,
    };
    // Each side gets an unmeasured warm-up first (JIT, connection pools; the emulator settling after the first run's
    // thousands of PaymentIntents), so neither measurement starts cold.
    if (warmupSeconds > 0) await measure({ ...emulatorLoad, name: 'warm-up', durationSeconds: warmupSeconds });
    const baseline = await measure({ ...emulatorLoad, name: 'emulator: create PaymentIntent', durationSeconds });
    if (warmupSeconds > 0) await measure({ ...checkoutLoad, name: 'warm-up', durationSeconds: warmupSeconds });
    const checkout = await measure({ ...checkoutLoad, name: 'api: POST /api/checkout', durationSeconds });

    console.log(
      `\ncheckout benchmark (${connections} connections, ${durationSeconds} s each after ${warmupSeconds} s of warm-up, database: ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})\n`,
    );
    console.log(formatTable([baseline, checkout]));
    const ratio = overhead(baseline, checkout);
    console.log(
      `\noverhead of the API over the emulator alone: ${ratio.throughputRatio}x fewer requests/s, ` +
        `p50 ${ratio.p50Ratio}x, p99 ${ratio.p99Ratio}x`,
    );
    if (checkout.non2xx > 0 || checkout.errors > 0) {
      console.log(`warning: ${checkout.non2xx} non-2xx answers and ${checkout.errors} errors during the checkout run`);
    }
  } finally {
    await api.stop();
    await emulator.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const budget = join(workspaceRoot, 'apps/storefront/dist/bundle-budget.json');
  if (existsSync(budget)) {
    const figure = JSON.parse(readFileSync(budget, 'utf8')) as { gzipBytes: number; budgetBytes: number };
    console.log(
      `\nstorefront initial JavaScript (gzipped, without Stripe.js): ${(figure.gzipBytes / 1000).toFixed(1)} kB ` +
        `(budget ${(figure.budgetBytes / 1000).toFixed(0)} kB, enforced by the storefront build)`,
    );
  } else {
    console.log('\nstorefront bundle figure: build the storefront first (npx nx build @storepay/storefront)');
  }
}
