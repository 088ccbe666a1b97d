import { describe, expect, it, vi } from 'vitest';
import { createPollingLoop } from './polling-loop';
import { silentLogger } from './use-cases/ports';

/** A round the test finishes by hand, so a wake can land while one is running. */
function controlledRounds() {
  const started: Array<() => void> = [];
  const round = vi.fn(
    () =>
      new Promise<number>((resolve) => {
        started.push(() => resolve(0));
      }),
  );
  return { round, finish: () => started.shift()?.() };
}

describe('the polling loop', () => {
  it('runs a round at once when woken during its idle pause', async () => {
    const round = vi.fn(async () => 0);
    const loop = createPollingLoop({ name: 'test', round, pollIntervalMs: 60_000, log: silentLogger });
    loop.start();
    await vi.waitFor(() => expect(round).toHaveBeenCalledTimes(1));
    loop.wake();
    await vi.waitFor(() => expect(round).toHaveBeenCalledTimes(2), { timeout: 500, interval: 5 });
    await loop.stop();
  });

  it('does not sleep after a round during which it was woken (the work may have committed after its look)', async () => {
    const { round, finish } = controlledRounds();
    const loop = createPollingLoop({ name: 'test', round, pollIntervalMs: 60_000, log: silentLogger });
    loop.start();
    await vi.waitFor(() => expect(round).toHaveBeenCalledTimes(1));
    loop.wake(); // during the first round
    finish();
    await vi.waitFor(() => expect(round).toHaveBeenCalledTimes(2), { timeout: 500, interval: 5 });
    // Not woken during the second: it sleeps for the poll interval.
    finish();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(round).toHaveBeenCalledTimes(2);
    await loop.stop();
  });
});
