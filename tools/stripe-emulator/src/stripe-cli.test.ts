// Stripe's own CLI against the emulator: `stripe trigger <event>` runs Stripe's fixtures (the API calls Stripe wrote
// to cause each event) with `--api-base` pointing here, and the event must reach a webhook endpoint, signed.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningEmulator } from './index';
import { startTestEmulator } from './test-kit';
import { startTestReceiver, type TestReceiver } from './webhooks/test-receiver';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** The CLI's native binary, from the platform package `@stripe/cli` installs (its shim only finds and runs it). */
function stripeCliBinary(): string {
  const platforms = require('@stripe/cli/platforms.json') as Record<string, { pkg: string; bin: string }>;
  const platform = platforms[`${process.platform}-${process.arch}`];
  if (!platform) throw new Error(`@stripe/cli has no binary for ${process.platform}-${process.arch}`);
  return join(dirname(require.resolve(`${platform.pkg}/package.json`)), 'bin', platform.bin);
}

/**
 * The events the payments desk relies on, each caused by Stripe's own fixture for it, with the flags it needs.
 * payment_method.updated's fixture confirms a SetupIntent with neither `payment_method_types` nor a `return_url`,
 * which Stripe itself refuses since API version 2023-08-16 (automatic payment methods by default): the CLI's own
 * `--add` gives it `payment_method_types`, as stripe-cli#1117 did for the other fixtures.
 */
const TRIGGERS: [string, string[]][] = [
  ['payment_intent.amount_capturable_updated', []],
  ['charge.captured', []],
  ['payment_method.updated', ['--add', 'setup_intent:payment_method_types[]=card']],
  // A SEPA Direct Debit (AT321904300235473204, offline mandate): processing first, settling later.
  ['payment_intent.processing', []],
  // These confirm with a dispute test card and list `/v1/disputes?payment_intent=` at once: the dispute exists when
  // the confirmation returns, as on Stripe.
  ['charge.dispute.created', []],
  ['charge.dispute.updated', []],
  ['charge.dispute.closed', []],
];

describe('the Stripe CLI against the emulator', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;
  let receiver: TestReceiver;
  let home: string;
  let secret: string;

  beforeAll(async () => {
    ({ emulator, stripe } = await startTestEmulator());
    receiver = await startTestReceiver();
    secret = (await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'] })).secret!;
    // The CLI keeps a config file in its home; a fresh one per run, so nothing of a developer's login is used.
    home = await mkdtemp(join(tmpdir(), 'stripe-cli-'));
  });
  afterAll(async () => {
    await receiver?.close();
    await emulator?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it.each(TRIGGERS)('stripe trigger %s: the fixture runs and its event is delivered, signed', async (type, flags) => {
    const { stdout, stderr } = await run(
      stripeCliBinary(),
      [
        'trigger',
        type,
        ...flags,
        '--api-key',
        'sk_test_stripe_cli_emulator',
        '--api-base',
        emulator.url,
        '--color',
        'off',
      ],
      {
        timeout: 30_000,
        env: { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: home, STRIPE_CLI_TELEMETRY_OPTOUT: '1' },
      },
    );
    expect(`${stdout}${stderr}`).toContain('Trigger succeeded!');
    const request = await vi.waitFor(
      () => {
        const found = receiver.received.find((candidate) => JSON.parse(candidate.rawBody).type === type);
        if (!found) throw new Error(`no ${type} delivered yet`);
        return found;
      },
      { timeout: 10_000, interval: 50 },
    );
    const event = stripe.webhooks.constructEvent(
      request.rawBody,
      request.headers['stripe-signature'] as string,
      secret,
    );
    expect(event.type).toBe(type);
  });
});
