// `npm run bench -- <name>`: benchmarks run on this machine, each reported beside a baseline from the same run.
import { benchAdmin } from './admin';
import { benchCheckout } from './checkout';
import { startTraceSink } from './trace-sink';
import { benchWebhooks } from './webhooks';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  checkout: benchCheckout,
  webhooks: benchWebhooks,
  admin: benchAdmin,
};

// With BENCH_TRACING=1 every API process traces (and exports every span to a local sink); otherwise tracing is off,
// as it is without OTEL_EXPORTER_OTLP_ENDPOINT.
const sink = process.env.BENCH_TRACING === '1' ? await startTraceSink() : null;
if (sink) process.env.OTEL_EXPORTER_OTLP_ENDPOINT = sink.url;
else delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
console.log(`tracing: ${sink ? `on, spans exported to a local OTLP sink (${sink.url})` : 'off'}`);

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
if (sink) {
  console.log(`tracing: the sink received ${sink.batches()} batches of spans`);
  await sink.close();
}
