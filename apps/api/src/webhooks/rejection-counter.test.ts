import type { RejectionCount } from '@storepay/db';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../use-cases/ports';
import { fixedClock } from '../use-cases/testing/in-memory-store';
import { createRejectionCounter } from './rejection-counter';

describe('the rejection counter', () => {
  it('turns any number of refusals into one count per minute and reason, written in one batch', async () => {
    const clock = fixedClock(new Date('2026-12-04T10:00:30Z'));
    const writes: RejectionCount[][] = [];
    const counter = createRejectionCounter({
      webhookInbox: { addRejectionCounts: async (counts) => void writes.push([...counts]) },
      clock,
      log: silentLogger,
    });
    for (let i = 0; i < 10_000; i++) counter.count('invalid_signature');
    counter.count('stale_timestamp');
    clock.advance(60_000);
    counter.count('invalid_signature');
    await counter.flush();
    expect(writes).toHaveLength(1);
    expect(writes[0]!.map((c) => [c.minute.toISOString(), c.reason, c.count])).toEqual([
      ['2026-12-04T10:00:00.000Z', 'invalid_signature', 10_000],
      ['2026-12-04T10:00:00.000Z', 'stale_timestamp', 1],
      ['2026-12-04T10:01:00.000Z', 'invalid_signature', 1],
    ]);
    await counter.flush(); // nothing new: no write
    expect(writes).toHaveLength(1);
  });

  it('keeps the counts of a failed write for the next flush', async () => {
    let fail = true;
    const written: RejectionCount[] = [];
    const counter = createRejectionCounter({
      webhookInbox: {
        async addRejectionCounts(counts) {
          if (fail) throw new Error('database down');
          written.push(...counts);
        },
      },
      clock: fixedClock(),
      log: silentLogger,
    });
    counter.count('invalid_json');
    await counter.flush();
    counter.count('invalid_json');
    fail = false;
    await counter.flush();
    expect(written.map((c) => c.count)).toEqual([2]);
  });
});
