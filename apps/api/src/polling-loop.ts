import type { Logger } from './use-cases/ports';

export interface PollingLoop {
  start(): void;
  /** Stops the loop and waits for the round in flight to finish. */
  stop(): Promise<void>;
  /** Cuts the idle pause short: there is work now. Called during a round, the next pause is skipped. */
  wake(): void;
}

/**
 * Runs `round` back to back while it finds work (returns more than 0), and every `pollIntervalMs` when idle. A round
 * that throws is logged and counts as idle. The workers' engine (webhook events, notifications).
 */
export function createPollingLoop({
  name,
  round,
  pollIntervalMs,
  log,
}: {
  name: string;
  round: () => Promise<number>;
  pollIntervalMs: number;
  log: Logger;
}): PollingLoop {
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  /** Woken while a round ran: that round may have looked before the new work committed, so look again at once. */
  let woken = false;

  const pause = () =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        return resolve();
      }
      const timer = setTimeout(done, pollIntervalMs);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  async function run() {
    while (running) {
      let found = 0;
      woken = false;
      try {
        found = await round();
      } catch (error) {
        log.error({ err: error }, `${name} round failed`);
      }
      if (found === 0 && running) await pause();
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      if (!running) return;
      running = false;
      wake?.();
      await loop;
      loop = null;
    },
    wake() {
      if (!running) return;
      if (wake) wake();
      else woken = true;
    },
  };
}

/** Runs `round` until one finds nothing; the total it found. */
export async function runUntilIdle(round: () => Promise<number>): Promise<number> {
  let total = 0;
  for (let found = await round(); found > 0; found = await round()) total += found;
  return total;
}
