// A smoke of each chaos scenario, so the suite cannot rot: the same code as `npm run chaos`, with little load. Its
// figures are the suite's (`npm run chaos`), not this test's; here each scenario must only pass, as it must there.
import { postgresqlTestsEnabled } from '@storepay/db/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { clockSkew } from './clock-skew';
import { postgresRestart } from './postgres-restart';
import { redisDown } from './redis-down';
import { sigkill } from './sigkill';
import { stripeFaults } from './stripe-faults';
import { passed, startEmulator, type ChaosReport } from './system';

describe.runIf(postgresqlTestsEnabled())('the chaos suite (smoke, on PostgreSQL)', () => {
  const runId = `smoke${Date.now().toString(36)}`;

  /** Runs a scenario as `npm run chaos` does: with an emulator of its own (what Stripe holds is its alone). */
  async function expectPasses(scenario: (emulatorPort: number) => Promise<ChaosReport>) {
    const emulator = await startEmulator();
    try {
      const report = await scenario(emulator.port);
      expect({
        passed: passed(report),
        lost: report.lost,
        duplicates: report.duplicates,
        failures: report.failures,
      }).toEqual({ passed: true, lost: 0, duplicates: 0, failures: [] });
    } finally {
      await emulator.stop();
    }
  }

  beforeAll(() => {
    // The scenarios make their databases beside the test database.
    process.env.CHAOS_DATABASE_URL = process.env.TEST_DATABASE_URL;
  });

  it(
    'PostgreSQL restart: 503 while down, everything applied once after, no process restarted',
    { timeout: 240_000 },
    async () => {
      await expectPasses((port) => postgresRestart(runId, port, { payments: 30, downSeconds: 2 }));
    },
  );

  it('Stripe faults: checkouts and refunds retried, nothing lost or doubled', { timeout: 180_000 }, async () => {
    await expectPasses((port) => stripeFaults(runId, port, { checkouts: 30, refunds: 10 }));
  });

  it(
    'SIGKILL: requests the dead process held are sent to the survivor; nothing twice',
    { timeout: 180_000 },
    async () => {
      await expectPasses((port) => sigkill(runId, port, { checkouts: 60, refunds: 20 }));
    },
  );

  it('Redis down: the limits count per process, then are shared again', { timeout: 120_000 }, async () => {
    await expectPasses((port) => redisDown(runId, port));
  });

  it('clock skew: refused beyond the tolerance, counted, nothing processed', { timeout: 120_000 }, async () => {
    await expectPasses((port) => clockSkew(runId, port, { perGroup: 10 }));
  });
});
