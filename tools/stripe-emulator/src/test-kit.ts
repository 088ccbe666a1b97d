// What the emulator's own tests start with: an emulator on a free port, a stripe-node client that retries nothing
// (so a test sees every answer), and the control API's client. Test-only: nothing of the emulator imports it.
import Stripe from 'stripe';
import { EmulatorControl } from './control/client';
import { startEmulator } from './index';

/** stripe-node against the emulator on `port`. */
export function stripeClient(port: number, secretKey = 'sk_test_emulator'): Stripe {
  return new Stripe(secretKey, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
}

/** An emulator for one test file, with its stripe-node and control clients. */
export async function startTestEmulator(options?: Parameters<typeof startEmulator>[0]) {
  const emulator = await startEmulator(options);
  return { emulator, stripe: stripeClient(emulator.port), control: new EmulatorControl(emulator.url) };
}
