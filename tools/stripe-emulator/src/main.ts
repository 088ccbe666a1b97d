// `npx nx run stripe-emulator:serve [-- --port 12111 --state-file .data/stripe-emulator.json]`
import { parseArgs } from 'node:util';
import { startEmulator } from './index';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.STRIPE_EMULATOR_PORT ?? '12111' },
    host: { type: 'string', default: '127.0.0.1' },
    'state-file': { type: 'string' },
    'time-factor': { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`stripe-emulator: --port must be a port number, got "${values.port}"`);
  process.exit(1);
}
const timeFactor = values['time-factor'] ? Number(values['time-factor']) : undefined;
if (timeFactor !== undefined && !(timeFactor > 0)) {
  console.error(`stripe-emulator: --time-factor must be a positive number, got "${values['time-factor']}"`);
  process.exit(1);
}

const emulator = await startEmulator({
  port,
  host: values.host,
  stateFile: values['state-file'],
  timeFactor,
  logger: false,
});
console.log(
  `stripe-emulator listening on ${emulator.url} (API ${emulator.url}/v1, Stripe.js ${emulator.url}/js.stripe.com/v3/)`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
