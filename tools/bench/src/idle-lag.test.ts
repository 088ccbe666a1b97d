// A smoke of the idle-lag benchmark, so it cannot rot: a couple of events through the real processes, each measured.
// The figures themselves are the benchmark's (`npm run bench -- webhooks`), never asserted here.
import { createTestDatabase, postgresqlTestsEnabled, type TestDatabase } from '@storepay/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIdleLag, measureIdleLag } from './idle-lag';
import { startEmulator, type Service } from './processes';

describe('the idle-lag benchmark (smoke)', () => {
  let emulator: Service & { port: number };
  let emulatorPort = 0;
  let postgres: TestDatabase | undefined;
  let postgresUrl: string | undefined;

  beforeAll(async () => {
    emulator = await startEmulator();
    emulatorPort = emulator.port;
    if (postgresqlTestsEnabled()) {
      postgres = await createTestDatabase('postgresql');
      const [row] = await postgres.prisma.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${row!.name}`;
      postgresUrl = url.toString();
    }
  }, 120_000);
  afterAll(async () => {
    await emulator?.stop();
    await postgres?.destroy();
  });

  it('measures every event it sends on PGlite, woken and polling', { timeout: 120_000 }, async () => {
    const options = { emulatorPort, runId: `smoke${Date.now().toString(36)}`, events: 2, gapMs: 50 };
    const woken = await measureIdleLag({ ...options, listen: true });
    const polled = await measureIdleLag({ ...options, listen: false });
    for (const result of [woken, polled]) {
      expect(result.lagsMs).toHaveLength(2);
      for (const lag of result.lagsMs) expect(lag).toBeGreaterThanOrEqual(0);
    }
    expect(formatIdleLag(woken, polled)).toMatch(/^ {2}PGlite, API_MODE=all: woken \(LISTEN\/NOTIFY\) p50 [\d.]+ ms/);
  });

  it.runIf(postgresqlTestsEnabled())(
    'measures every event it sends on PostgreSQL, through an HTTP and a worker process',
    { timeout: 120_000 },
    async () => {
      const result = await measureIdleLag({
        emulatorPort,
        runId: `smoke${Date.now().toString(36)}`,
        events: 2,
        gapMs: 50,
        databaseUrl: postgresUrl,
        listen: true,
      });
      expect(result).toMatchObject({ database: 'postgresql', listen: true });
      expect(result.lagsMs).toHaveLength(2);
    },
  );
});
