// `npm run bench -- <name>`: benchmarks run on this machine, each reported beside a baseline from the same run.
import { benchAdmin } from './admin';
import { benchCheckout } from './checkout';
import { benchWebhooks } from './webhooks';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  checkout: benchCheckout,
  webhooks: benchWebhooks,
  admin: benchAdmin,
};

const names = process.argv.slice(2);
const selected = names.length > 0 ? names : Object.keys(BENCHMARKS);
for (const name of selected) {
  const run = BENCHMARKS[name];
  if (!run) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHMARKS).join(', ')}`);
    process.exit(1);
  }
  await run();
}
