// `npm run chaos [-- <scenario>…]`: the system under faults, on PostgreSQL (CHAOS_DATABASE_URL, default the local
// server), each scenario in databases and processes of its own. Prints, for each, the load it held, the faults it
// injected, and what it lost or did twice (both must be 0); exits 1 when any scenario failed.
import { clockSkew } from './clock-skew';
import { postgresRestart } from './postgres-restart';
import { redisDown } from './redis-down';
import { sigkill } from './sigkill';
import { stripeFaults } from './stripe-faults';
import { passed, startEmulator, type ChaosReport } from './system';

const SCENARIOS: Record<string, (runId: string, emulatorPort: number) => Promise<ChaosReport>> = {
  'postgres-restart': (runId, port) => postgresRestart(runId, port),
  'stripe-faults': (runId, port) =>
    stripeFaults(runId, port, {
      checkouts: Number(process.env.CHAOS_CHECKOUTS ?? 1000),
      refunds: Number(process.env.CHAOS_REFUNDS ?? 200),
    }),
  'redis-down': redisDown,
  sigkill: (runId, port) => sigkill(runId, port),
  'clock-skew': (runId, port) => clockSkew(runId, port),
};

const names = process.argv.slice(2);
const unknown = names.filter((name) => !(name in SCENARIOS));
if (unknown.length > 0) {
  console.error(`unknown scenario(s) ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  process.exit(2);
}
const runId = Date.now().toString(36);
const reports: ChaosReport[] = [];
for (const name of names.length > 0 ? names : Object.keys(SCENARIOS)) {
  // A fresh emulator per scenario: its objects are that scenario's alone.
  const emulator = await startEmulator();
  try {
    console.log(`\nchaos: ${name}…`);
    const report = await SCENARIOS[name]!(runId, emulator.port);
    reports.push(report);
    console.log(formatReport(report));
  } catch (error) {
    reports.push({
      scenario: name,
      load: '-',
      faults: '-',
      lost: Number.NaN,
      duplicates: Number.NaN,
      failures: [`crashed: ${(error as Error).stack ?? String(error)}`],
      notes: [],
      seconds: 0,
    });
    console.log(`  FAIL: ${name} crashed: ${(error as Error).stack ?? String(error)}`);
  } finally {
    await emulator.stop();
  }
}

function formatReport(report: ChaosReport): string {
  return [
    `  ${passed(report) ? 'PASS' : 'FAIL'}: ${report.scenario} (${report.seconds.toFixed(1)} s)`,
    `  load held: ${report.load}`,
    `  faults injected: ${report.faults}`,
    `  lost: ${report.lost}, duplicates: ${report.duplicates}`,
    ...report.notes.map((note) => `  ${note}`),
    ...report.failures.map((failure) => `  failed: ${failure}`),
  ].join('\n');
}

console.log('\nchaos summary');
for (const report of reports) {
  console.log(
    `  ${passed(report) ? 'PASS' : 'FAIL'}  ${report.scenario.padEnd(14)} lost ${report.lost}, duplicates ${report.duplicates}`,
  );
}
process.exitCode = reports.every(passed) ? 0 : 1;
