// A smoke of each chaos scenario, so the suite cannot rot: the same code as `npm run chaos`, with little load. Its
// figures are the suite's (`npm run chaos`), not this test's; here each scenario must only pass, as it must there.
import { postgresqlTestsEnabled } from '@storepay/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockSkew } from './clock-skew';
import { redisDown } from './redis-down';
import { stripeFaults } from './stripe-faults';
import { passed, startEmulator, type ChaosReport } from './system';

describe.runIf(postgresqlTestsEnabled())('the chaos suite (smoke, on PostgreSQL)', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  const runId = `smoke${Date.now().toString(36)}`;
  const expectPassed = (report: ChaosReport) =>
    expect({
      passed: passed(report),
      lost: report.lost,
      duplicates: report.duplicates,
      failures: report.failures,
    }).toEqual({ passed: true, lost: 0, duplicates: 0, failures: [] });

  beforeAll(async () => {
    // The scenarios make their databases beside the test database.
    process.env.CHAOS_DATABASE_URL = process.env.TEST_DATABASE_URL;
    emulator = await startEmulator();
  }, 60_000);
  afterAll(async () => {
    await emulator?.stop();
  });

  it('Stripe faults: checkouts and refunds retried, nothing lost or doubled', { timeout: 180_000 }, async () => {
    expectPassed(await stripeFaults(runId, emulator.port, { checkouts: 30, refunds: 10 }));
  });

  it('Redis down: the limits count per process, then are shared again', { timeout: 120_000 }, async () => {
    expectPassed(await redisDown(runId, emulator.port));
  });

  it('clock skew: refused beyond the tolerance, counted, nothing processed', { timeout: 120_000 }, async () => {
    expectPassed(await clockSkew(runId, emulator.port, { perGroup: 10 }));
  });
});
