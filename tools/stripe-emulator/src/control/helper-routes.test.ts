import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import type { StoredObject } from '../state';
import { ControlApiError, EmulatorControl } from './client';
import { startTestEmulator } from '../test-kit';

/**
 * The routes only forward to failRefund/resolveDispute (tested with real payments in their own resources' tests);
 * here the refund, charge and dispute are stored directly, with just the fields those helpers read.
 */
describe('control API: card-network outcomes', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;
  let control: EmulatorControl;
  const insert = (object: Record<string, unknown>) =>
    emulator.emulator.store.insert({ created: emulator.emulator.clock.now(), ...object } as StoredObject);
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: ControlApiError) => [error.status, error.message],
    );

  beforeAll(async () => {
    ({ emulator, stripe, control } = await startTestEmulator());
  });
  beforeEach(() => control.reset());
  afterAll(() => emulator.close());

  it('POST /_emulator/refunds/:id/fail fails a pending refund and gives the amount back to the charge', async () => {
    const charge = insert({ id: 'ch_fail', object: 'charge', amount: 1000, amount_refunded: 400, refunded: false });
    insert({
      id: 're_fail',
      object: 'refund',
      amount: 400,
      charge: 'ch_fail',
      status: 'pending',
      failure_reason: null,
    });
    const refund = await control.failRefund('re_fail', 'declined');
    expect(refund).toMatchObject({ id: 're_fail', status: 'failed', failure_reason: 'declined' });
    expect(charge.amount_refunded).toBe(0);
    const types = (await stripe.events.list()).data.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['refund.failed', 'refund.updated', 'charge.updated']));
    expect(await failure(control.failRefund('re_fail'))).toEqual([400, expect.stringContaining('has status failed')]);
    expect(await failure(control.failRefund('re_missing'))).toEqual([404, "No such refund: 're_missing'"]);
  });

  it('POST /_emulator/disputes/:id/resolve closes an open dispute as won or lost', async () => {
    insert({ id: 'dp_won', object: 'dispute', status: 'needs_response', is_charge_refundable: true });
    insert({ id: 'dp_lost', object: 'dispute', status: 'under_review', is_charge_refundable: true });
    expect(await control.resolveDispute('dp_won', 'won')).toMatchObject({ id: 'dp_won', status: 'won' });
    expect(await control.resolveDispute('dp_lost', 'lost')).toMatchObject({ id: 'dp_lost', status: 'lost' });
    const events = (await stripe.events.list()).data.map((e) => [e.type, (e.data.object as { id: string }).id]);
    expect(events).toEqual([
      ['charge.dispute.closed', 'dp_lost'],
      ['charge.dispute.closed', 'dp_won'],
      ['charge.dispute.funds_reinstated', 'dp_won'],
    ]);
    expect(await failure(control.resolveDispute('dp_won', 'lost'))).toEqual([400, expect.stringContaining('closed')]);
    expect(await failure(control.resolveDispute('dp_missing', 'won'))).toEqual([404, "No such dispute: 'dp_missing'"]);
    expect(await failure(control.resolveDispute('dp_won', 'maybe' as 'won'))).toEqual([
      400,
      'outcome must be one of won, lost, got "maybe".',
    ]);
  });
});
