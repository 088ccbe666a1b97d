// An alert end to end: a real Prometheus (Debian's, /usr/bin/prometheus) scrapes every API and worker process of the
// running topology, evaluates the rules of ops/prometheus/alerts.yml, and fires StorepayWebhookBacklogOld when the
// workers are stopped while Stripe's events keep arriving; not while they run, and no more once they are back.
//
// Only that rule's thresholds are shortened, in a copy (5 minutes held for 2 would make a 7-minute test); the copy is
// made by parsing the YAML and is checked to differ from the file in those two values only, so a rule that changes
// shape fails here loudly instead of being tested in a form nobody ships.
//
// /usr/bin/prometheus comes from Debian's `prometheus` package, the one scripts/system-packages.mjs already names for
// promtool (`npm test` installs it; `dpkg -S /usr/bin/prometheus /usr/bin/promtool` answers `prometheus` for both).
//
// Stopping the workers: SIGSTOP, so they hold their place and resume with SIGCONT. The supervisor
// (scripts/start-prod.mjs) restarts a process only on its `exit` event; its readiness probe runs only while a process
// starts, and Node does not report a child that is stopped. So a stopped worker is left as it is, same pid and same
// start count (asserted below), and is not replaced by a fresh one that would drain the inbox. A stopped worker does
// not answer its own scrapes either (Prometheus marks it down): the backlog gauge is read from the database by every
// process, and the API processes, which run on, keep exporting it (the rule takes their max). A stopped process would
// also hold up a SIGTERM (a rolling restart, the topology's shutdown) until it is continued, so the workers are
// continued whatever happens: in afterAll, and on the test process's exit.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { expect, test } from '../fixtures';
import {
  checkout,
  firstProductId,
  orderStatus,
  paidOrder,
  processes,
  shop,
  sleep,
  sql,
  STRIPE_KEY,
  stripeApi,
} from './topology';

const root = resolve(import.meta.dirname, '../../..');
const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';
const ALERT = 'StorepayWebhookBacklogOld';
/** The rule as ops/prometheus/alerts.yml writes it, and the copy this test runs: seconds instead of minutes. */
const AS_WRITTEN = { expr: 'max(storepay_webhook_backlog_oldest_age_seconds) > 300', for: '2m' };
const SHORTENED = { expr: 'max(storepay_webhook_backlog_oldest_age_seconds) > 3', for: '2s' };

interface Rule {
  alert?: string;
  expr: string;
  for?: string;
  [key: string]: unknown;
}
interface RuleFile {
  groups: { name: string; rules: Rule[] }[];
}
interface Alert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
  value: string;
}

/** What afterAll (and, failing that, the process's exit) must undo. */
const held: { dir?: string; prometheus?: ChildProcess; stopped: number[]; apiMetricsPort?: number } = { stopped: [] };

function resumeWorkers(): number[] {
  const resumed: number[] = [];
  for (const pid of held.stopped) {
    try {
      process.kill(pid, 'SIGCONT');
      resumed.push(pid);
    } catch {
      // Gone already (killed by someone else): nothing to continue.
    }
  }
  held.stopped = [];
  return resumed;
}

function killPrometheus(signal: NodeJS.Signals) {
  const child = held.prometheus;
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Its own process group (detached): the group, so nothing it may have started outlives it.
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

// Whatever ends this test process (a crash, a runner that gives up), the workers run again and Prometheus goes.
process.on('exit', () => {
  resumeWorkers();
  killPrometheus('SIGKILL');
});

/**
 * ops/prometheus/alerts.yml with only StorepayWebhookBacklogOld's threshold and hold shortened, as YAML; checks
 * that the rule is still the one this test knows and that nothing else differs.
 */
function shortenedRules(): string {
  const original = parse(readFileSync(join(root, 'ops/prometheus/alerts.yml'), 'utf8')) as RuleFile;
  const copy = structuredClone(original);
  const rules = copy.groups.flatMap((group) => group.rules).filter((rule) => rule.alert === ALERT);
  expect(rules, `exactly one ${ALERT} rule in ops/prometheus/alerts.yml`).toHaveLength(1);
  const rule = rules[0]!;
  expect(
    { expr: rule.expr.trim(), for: rule.for },
    `${ALERT} changed shape: update this test's shortened copy of it`,
  ).toEqual(AS_WRITTEN);
  rule.expr = SHORTENED.expr;
  rule.for = SHORTENED.for;
  const rendered = stringify(copy);
  // Read back, with the two values put back, the copy is the original: nothing else was touched.
  const readBack = parse(rendered) as RuleFile;
  const again = readBack.groups.flatMap((group) => group.rules).find((r) => r.alert === ALERT)!;
  expect({ expr: again.expr, for: again.for }).toEqual(SHORTENED);
  const written = original.groups.flatMap((group) => group.rules).find((r) => r.alert === ALERT)!;
  Object.assign(again, { expr: written.expr, for: written.for });
  expect(readBack, 'the copy differs from alerts.yml in the shortened values only').toEqual(original);
  return rendered;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs / 1000} s${last ? ` (last error: ${String(last)})` : ''}`);
    }
    await sleep(250);
  }
}

/** The storepay_webhook_backlog_events a process exports right now. */
async function backlogEvents(metricsPort: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const found = /^storepay_webhook_backlog_events (\d+)$/m.exec(text);
  if (!found) throw new Error(`no storepay_webhook_backlog_events at port ${metricsPort}`);
  return Number(found[1]);
}

test.afterAll(async () => {
  try {
    // The rest of the suite needs the workers: continue them first, then let them empty the inbox.
    const resumed = resumeWorkers();
    if (resumed.length > 0 && held.apiMetricsPort) {
      const port = held.apiMetricsPort;
      await waitFor(
        'the backlog drained after the workers were continued',
        async () => ((await backlogEvents(port)) === 0 ? true : undefined),
        60_000,
      );
    }
  } finally {
    killPrometheus('SIGTERM');
    const child = held.prometheus;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      if ((await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)])) === false) {
        killPrometheus('SIGKILL');
        await exited;
      }
    }
    held.prometheus = undefined;
    if (held.dir) rmSync(held.dir, { recursive: true, force: true });
  }
});

test('Prometheus fires StorepayWebhookBacklogOld when the workers stop, and not while they run', async () => {
  expect(existsSync(PROMETHEUS), `${PROMETHEUS} (Debian's prometheus package)`).toBe(true);
  const members = Object.entries(processes().processes).filter(([name]) => /^(api|worker)-\d$/.test(name));
  expect(members.map(([name]) => name).sort()).toEqual(['api-1', 'api-2', 'worker-1', 'worker-2']);
  for (const [name, info] of members) {
    expect(info.pid, name).toBeGreaterThan(0);
    expect(info.metricsPort, name).toBeGreaterThan(0);
  }
  const workers = members.filter(([name]) => name.startsWith('worker-'));
  held.apiMetricsPort = members.find(([name]) => name === 'api-1')![1].metricsPort!;

  // ── A Prometheus of its own, on every process's metrics port, with the rules' copy ─────────────────────────────
  const dir = mkdtempSync(join(tmpdir(), 'storepay-e2e-prometheus-'));
  held.dir = dir;
  const rulesFile = join(dir, 'alerts.yml');
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(rulesFile, shortenedRules());
  writeFileSync(
    configFile,
    stringify({
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      rule_files: [rulesFile],
      scrape_configs: [
        {
          job_name: 'storepay',
          static_configs: members.map(([name, info]) => ({
            targets: [`127.0.0.1:${info.metricsPort}`],
            labels: { process: name },
          })),
        },
      ],
    }),
  );
  for (const args of [
    ['check', 'rules', rulesFile],
    ['check', 'config', configFile],
  ]) {
    const checked = spawnSync(PROMTOOL, args, { encoding: 'utf8' });
    expect(checked.status, `promtool ${args.join(' ')}:\n${checked.stdout}${checked.stderr}`).toBe(0);
  }

  const port = await freePort();
  const prometheusUrl = `http://127.0.0.1:${port}`;
  const log = join(dir, 'prometheus.log');
  const fd = openSync(log, 'a');
  held.prometheus = spawn(
    PROMETHEUS,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
    ],
    { stdio: ['ignore', fd, fd], detached: true },
  );
  closeSync(fd);
  const prometheus = held.prometheus;
  const api = async <T>(path: string): Promise<T> => {
    if (prometheus.exitCode !== null || prometheus.signalCode !== null) {
      throw new Error(`Prometheus exited (${prometheus.exitCode ?? prometheus.signalCode}); its log:\n${tail(log)}`);
    }
    const response = await fetch(`${prometheusUrl}${path}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${path}: ${body.error}`);
    return body.data;
  };
  const backlogAlerts = async () =>
    (await api<{ alerts: Alert[] }>('/api/v1/alerts')).alerts.filter((alert) => alert.labels.alertname === ALERT);

  await test.step('Prometheus is ready and scrapes every API and worker process', async () => {
    await waitFor(
      `Prometheus ready (its log: ${log})`,
      async () => {
        if (prometheus.exitCode !== null || prometheus.signalCode !== null)
          throw new Error(`Prometheus exited; its log:\n${tail(log)}`);
        return (await fetch(`${prometheusUrl}/-/ready`)).status === 200 ? true : undefined;
      },
      30_000,
    );
    await waitFor(
      'every target up',
      async () => {
        const { activeTargets } = await api<{ activeTargets: { health: string; scrapeUrl: string }[] }>(
          '/api/v1/targets',
        );
        return activeTargets.length === members.length && activeTargets.every((t) => t.health === 'up')
          ? true
          : undefined;
      },
      30_000,
    );
    // The rule loaded is the shortened copy, and it evaluates without error.
    const { groups } = await api<{ groups: { rules: { name: string; query: string; duration: number }[] }[] }>(
      '/api/v1/rules',
    );
    const loaded = groups.flatMap((group) => group.rules).find((rule) => rule.name === ALERT);
    expect(loaded).toMatchObject({ query: SHORTENED.expr, duration: 2 });
  });

  await test.step('while the workers run, an event is processed and the alert stays quiet', async () => {
    // A payment whose events the workers apply (paidOrder waits until the order is paid), then longer than the
    // shortened threshold and hold together: never firing, while Prometheus does see the gauge.
    await paidOrder();
    for (const until = Date.now() + 8_000; Date.now() < until; await sleep(500)) {
      expect((await backlogAlerts()).filter((alert) => alert.state === 'firing')).toEqual([]);
    }
    const { result } = await api<{ result: { value: [number, string] }[] }>(
      `/api/v1/query?query=${encodeURIComponent('max(storepay_webhook_backlog_oldest_age_seconds)')}`,
    );
    expect(result).toHaveLength(1);
    expect(Number(result[0]!.value[1])).toBeLessThanOrEqual(3);
    expect(await backlogEvents(held.apiMetricsPort!)).toBe(0);
  });

  const figures: Record<string, number> = {};
  await test.step('with the workers stopped, Stripe’s events wait in the inbox and the alert fires', async () => {
    for (const [, info] of workers) {
      process.kill(info.pid!, 'SIGSTOP');
      held.stopped.push(info.pid!);
    }
    const stoppedAt = Date.now();
    // A shopper pays: Stripe (the emulator) sends its events through the proxy to the API processes, which store
    // them in the inbox for the workers.
    const created = await checkout(await firstProductId(), `alert-${Date.now()}`);
    expect(created.status, created.body).toBe(201);
    const { orderId, paymentIntentId } = JSON.parse(created.body) as { orderId: string; paymentIntentId: string };
    const confirmed = await fetch(`${stripeApi}/v1/payment_intents/${paymentIntentId}/confirm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${STRIPE_KEY}` },
      body: new URLSearchParams({ payment_method: 'pm_card_visa', return_url: `${shop}/done` }),
    });
    expect(confirmed.status).toBe(200);
    const events = await waitFor(
      'the payment’s events in the inbox',
      async () => {
        const rows = await sql<{ type: string; status: string }>(
          'SELECT type, status FROM webhook_events WHERE payment_intent_id = $1',
          [paymentIntentId],
        );
        return rows.some((row) => row.type === 'payment_intent.succeeded') ? rows : undefined;
      },
      30_000,
    );
    // Nothing processed them: the workers are stopped.
    expect(events.filter((event) => event.status !== 'received')).toEqual([]);

    const alert = await waitFor(
      `${ALERT} firing`,
      async () => (await backlogAlerts()).find((candidate) => candidate.state === 'firing'),
      60_000,
    );
    figures.firingAfterSeconds = (Date.now() - stoppedAt) / 1000;
    figures.valueSeconds = Number(alert.value);
    expect(alert.labels).toEqual({ alertname: ALERT, severity: 'page' });
    expect(alert.annotations.runbook).toBe('docs/operations.md#webhook-backlog');
    expect(alert.annotations.summary).toMatch(/^The oldest unprocessed webhook event has waited \d[\d.]*m?s$/);
    expect(Number(alert.value)).toBeGreaterThan(3);
    // The runbook it names is there.
    expect(readFileSync(join(root, 'docs/operations.md'), 'utf8')).toMatch(
      /^### Webhook backlog\n\n`StorepayWebhookBacklogOld`/m,
    );

    // ── Continued: the same workers (the supervisor replaced none), the inbox empties, the alert resolves ──────
    const resumedAt = Date.now();
    resumeWorkers();
    const now = processes().processes;
    for (const [name, info] of workers) {
      expect({ pid: now[name]!.pid, starts: now[name]!.starts }, name).toEqual({ pid: info.pid, starts: info.starts });
    }
    await waitFor('the order paid', async () => ((await orderStatus(orderId)) === 'paid' ? true : undefined), 30_000);
    await waitFor(
      'the backlog empty',
      async () => ((await backlogEvents(held.apiMetricsPort!)) === 0 ? true : undefined),
      30_000,
    );
    await waitFor(`${ALERT} resolved`, async () => ((await backlogAlerts()).length === 0 ? true : undefined), 30_000);
    figures.resolvedAfterSeconds = (Date.now() - resumedAt) / 1000;
    await waitFor(
      'every target up again',
      async () => {
        const { activeTargets } = await api<{ activeTargets: { health: string }[] }>('/api/v1/targets');
        return activeTargets.every((t) => t.health === 'up') ? true : undefined;
      },
      30_000,
    );
  });

  console.log(`alerts: ${JSON.stringify(figures)}`);
  test.info().annotations.push({ type: 'figures', description: JSON.stringify(figures) });
});
