// `npm run start:prod`: the production topology on this machine, in the foreground until Ctrl-C. nginx terminates TLS
// for the shop and the admin on their own hostnames and forwards each one's API routes to several API processes
// (API_MODE=http); separate worker processes (API_MODE=worker) process the webhook inbox; all on PostgreSQL and
// Redis. Stripe is the emulator, used as real Stripe is: test keys, STRIPE_API_BASE, and a webhook endpoint this
// script registers as an operator would, whose signing secret the API is given (STRIPE_WEBHOOK_SECRET).
//
// The supervisor restarts an API or worker process that dies (as a process manager would), restarts them one at a
// time on SIGHUP (a rolling restart), and writes what runs where to <data dir>/processes.json. Each process logs to
// <data dir>/logs/<name>.log; the console shows the supervisor's own lines. Flags: --no-build (use the built apps).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { ensureSetup, root } from './ensure-setup.mjs';
import { ensureSystemPackages } from './system-packages.mjs';

const env = process.env;
const integer = (name, fallback) => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) fail(`${name} must be a number, got "${raw}"`);
  return Number(raw);
};

function fail(message) {
  console.error(`start:prod: ${message}`);
  process.exit(1);
}

const settings = {
  httpsPort: integer('HTTPS_PORT', 8443),
  httpPort: integer('HTTP_PORT', 8080),
  shopHost: env.SHOP_HOST || 'shop.localhost',
  adminHost: env.ADMIN_HOST || 'admin.localhost',
  apiPort: integer('API_PORT', 3101),
  apiProcesses: integer('API_PROCESSES', 2),
  workerProcesses: integer('WORKER_PROCESSES', 2),
  emulatorPort: integer('STRIPE_EMULATOR_PORT', 12121),
  // The first of the processes' metrics ports: the API processes', then the workers'.
  metricsPort: integer('METRICS_PORT', 9464),
  databaseUrl: env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/storepay_prod',
  redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
  dataDir: resolve(root, env.PROD_DATA_DIR || '.data/prod'),
  logLevel: env.LOG_LEVEL || 'info',
  build: !process.argv.includes('--no-build'),
};
const shopOrigin = `https://${settings.shopHost}:${settings.httpsPort}`;
const adminOrigin = `https://${settings.adminHost}:${settings.httpsPort}`;
const emulatorUrl = `http://127.0.0.1:${settings.emulatorPort}`;
const stripeJsUrl = env.STRIPE_JS_URL || `${emulatorUrl}/js.stripe.com/v3/`;
const paths = {
  tls: join(settings.dataDir, 'tls'),
  logs: join(settings.dataDir, 'logs'),
  nginx: join(settings.dataDir, 'nginx'),
  endpoint: join(settings.dataDir, 'webhook-endpoint.json'),
  admin: join(settings.dataDir, 'admin.json'),
  processes: join(settings.dataDir, 'processes.json'),
};

/** Runs a command to completion, its output inherited; stops everything when it fails. */
function runStep(what, command, args, options = {}) {
  console.log(`start:prod: ${what}…`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) fail(`${what} failed (exit ${result.status ?? result.signal})`);
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function until(what, probe, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
}

const answers = (url) => fetch(url, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok);
const listens = (port, host = '127.0.0.1') =>
  new Promise((done) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });

// ── Set-up: packages, build, certificate, database ───────────────────────────────────────────────────────────────
ensureSystemPackages(['nginx', 'openssl'], 'start:prod');
ensureSetup();
for (const dir of [settings.dataDir, paths.logs, join(paths.nginx, 'run')]) mkdirSync(dir, { recursive: true });

if (settings.build) {
  runStep('building the storefront, the admin and the API', 'npx', [
    'nx',
    'run-many',
    '-t',
    'build',
    '-p',
    '@storepay/storefront',
    '@storepay/admin',
    '@storepay/api',
    '--outputStyle=stream-without-prefixes',
  ]);
}
for (const built of ['apps/storefront/dist/index.html', 'apps/admin/dist/index.html', 'apps/api/dist/main.js']) {
  if (!existsSync(join(root, built))) fail(`${built} is missing: run without --no-build`);
}

runStep('making the TLS certificate (kept after the first run)', 'sh', [
  join(root, 'ops/nginx/tls-cert.sh'),
  paths.tls,
  settings.shopHost,
  settings.adminHost,
]);

const { default: pg } = await import('pg');
{
  const target = new URL(settings.databaseUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  const server = new URL(settings.databaseUrl);
  server.pathname = '/postgres';
  const client = new pg.Client({ connectionString: server.toString() });
  try {
    await client.connect();
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      console.log(`start:prod: creating the database ${name}`);
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    }
  } catch (error) {
    fail(`PostgreSQL is not reachable at ${target.host} (${error.message}): start it, or set DATABASE_URL`);
  } finally {
    await client.end().catch(() => {});
  }
}
runStep(
  'migrating the database',
  process.execPath,
  ['--import', 'tsx', '--conditions=@storepay/source', 'libs/db/scripts/migrate.ts'],
  { env: { ...env, DATABASE_URL: settings.databaseUrl } },
);
{
  const redis = new URL(settings.redisUrl);
  if (!(await listens(Number(redis.port || 6379), redis.hostname)))
    fail(`Redis is not reachable at ${redis.host}: start it (redis-server), or set REDIS_URL`);
}

// ── Secrets an operator would hold: Stripe test keys, the first admin ───────────────────────────────────────────
const stripeKeys = { secret: 'sk_test_storepay_prod', publishable: 'pk_test_storepay_prod' };
function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}
function writeJson(file, value, mode = 0o644) {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(value, null, 2)}\n`, { mode });
  renameSync(`${file}.tmp`, file);
}
const admin = env.ADMIN_EMAIL
  ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }
  : (readJson(paths.admin) ?? { email: 'admin@storepay.example', password: randomBytes(12).toString('base64url') });
if (!env.ADMIN_EMAIL) writeJson(paths.admin, admin, 0o600);

// ── The supervisor ───────────────────────────────────────────────────────────────────────────────────────────────
let shuttingDown = false;
const supervised = [];

function saveProcesses() {
  writeJson(paths.processes, {
    supervisor: process.pid,
    shop: shopOrigin,
    admin: adminOrigin,
    processes: Object.fromEntries(
      supervised.map((p) => [
        p.name,
        {
          pid: p.child?.pid ?? null,
          port: p.port ?? null,
          metricsPort: p.childEnv.METRICS_PORT ? Number(p.childEnv.METRICS_PORT) : null,
          ready: p.ready,
          starts: p.starts,
          readyAt: p.readyAt,
        },
      ]),
    ),
  });
}

function tail(file, lines = 15) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * One supervised process. `critical` ones (the proxy, the emulator) stop the whole topology when they die; the
 * others are restarted with a growing delay, as `restart: unless-stopped` would.
 */
class Supervised {
  constructor({ name, command, args, env: childEnv = {}, port, ready, critical = false }) {
    Object.assign(this, { name, command, args, childEnv, port, readyProbe: ready, critical });
    this.child = null;
    this.ready = false;
    this.readyAt = null;
    this.starts = 0;
    this.stopping = false;
    this.failures = 0;
    this.log = join(paths.logs, `${name}.log`);
    supervised.push(this);
  }

  async start() {
    const fd = openSync(this.log, 'a');
    this.stopping = false;
    this.ready = false;
    this.starts += 1;
    const child = spawn(this.command, this.args, {
      cwd: root,
      env: { ...env, ...this.childEnv },
      stdio: ['ignore', fd, fd],
      // Its own process group: Ctrl-C reaches only the supervisor, which stops everything in order (the proxy first).
      detached: true,
    });
    closeSync(fd);
    this.child = child;
    this.exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
    void this.exited.then((outcome) => this.onExit(child, outcome));
    saveProcesses();
    const died = this.exited.then(({ code, signal }) => {
      throw new Error(`${this.name} exited (${signal ?? `exit ${code}`}) before it was ready`);
    });
    await Promise.race([until(`${this.name}`, () => this.readyProbe()), died]).catch((error) => {
      throw new Error(`${error.message}; its log (${this.log}) ends:\n${tail(this.log)}`);
    });
    died.catch(() => {});
    this.ready = true;
    this.readyAt = new Date().toISOString();
    saveProcesses();
    console.log(`start:prod: ${this.name} ready (pid ${child.pid}${this.port ? `, port ${this.port}` : ''})`);
  }

  /** Graceful stop: SIGTERM (nginx: SIGQUIT), then SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 20_000) {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.stopping = true;
    child.kill(this.name === 'nginx' ? 'SIGQUIT' : 'SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const outcome = await this.exited;
    clearTimeout(killer);
    console.log(`start:prod: ${this.name} stopped (${outcome.signal ?? `exit ${outcome.code}`})`);
  }

  onExit(child, { code, signal }) {
    if (child !== this.child || this.stopping || shuttingDown) return;
    this.ready = false;
    saveProcesses();
    console.error(`start:prod: ${this.name} died (${signal ?? `exit ${code}`}); its last lines:\n${tail(this.log)}`);
    if (this.critical) {
      void shutdown(1);
      return;
    }
    this.failures += 1;
    const delay = Math.min(30_000, 500 * 2 ** Math.min(this.failures - 1, 6));
    console.error(`start:prod: restarting ${this.name} in ${delay} ms`);
    setTimeout(() => {
      if (shuttingDown) return;
      this.start().then(
        () => setTimeout(() => (this.failures = 0), 60_000).unref(),
        (error) => {
          console.error(`start:prod: ${this.name} did not come back: ${error.message}`);
          void shutdown(1);
        },
      );
    }, delay);
  }

  /** Rolling restart of this one process: stop it gracefully, start it again, wait until it is ready. */
  async restart() {
    await this.stop();
    await this.start();
  }
}

const apiEnv = {
  NODE_ENV: 'production',
  DATABASE_URL: settings.databaseUrl,
  REDIS_URL: settings.redisUrl,
  STRIPE_SECRET_KEY: stripeKeys.secret,
  STRIPE_PUBLISHABLE_KEY: stripeKeys.publishable,
  STRIPE_API_BASE: emulatorUrl,
  STRIPE_JS_URL: stripeJsUrl,
  // One proxy hop (nginx) in front: the client's address is the last X-Forwarded-For entry.
  TRUST_PROXY: '1',
  SEED_DEMO_CATALOG: env.SEED_DEMO_CATALOG || 'true',
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  LOG_LEVEL: settings.logLevel,
  LOG_FORMAT: 'json',
  MIGRATIONS_DIR: join(root, 'libs/db/prisma/migrations'),
};

const emulator = new Supervised({
  name: 'stripe',
  command: process.execPath,
  args: [
    '--import',
    'tsx',
    'tools/stripe-emulator/src/main.ts',
    '--port',
    String(settings.emulatorPort),
    '--state-file',
    join(settings.dataDir, 'stripe-emulator.json'),
  ],
  // It delivers webhooks to the proxy over TLS, trusting the local CA as any client of this topology must.
  env: { NODE_EXTRA_CA_CERTS: join(paths.tls, 'ca.pem') },
  port: settings.emulatorPort,
  ready: () => answers(emulatorUrl),
  critical: true,
});

const apis = Array.from({ length: settings.apiProcesses }, (_, i) => {
  const port = settings.apiPort + i;
  return new Supervised({
    name: `api-${i + 1}`,
    command: process.execPath,
    args: ['apps/api/dist/main.js'],
    env: {
      ...apiEnv,
      API_MODE: 'http',
      API_HOST: '127.0.0.1',
      API_PORT: String(port),
      METRICS_PORT: String(settings.metricsPort + i),
    },
    port,
    ready: () => answers(`http://127.0.0.1:${port}/ready`),
  });
});

const workers = Array.from({ length: settings.workerProcesses }, (_, i) => {
  const metricsPort = settings.metricsPort + settings.apiProcesses + i;
  return new Supervised({
    name: `worker-${i + 1}`,
    command: process.execPath,
    args: ['apps/api/dist/main.js'],
    env: { ...apiEnv, API_MODE: 'worker', SEED_DEMO_CATALOG: 'false', METRICS_PORT: String(metricsPort) },
    // No API port: up once its metrics listener answers (it opens when the worker has started).
    ready: () => answers(`http://127.0.0.1:${metricsPort}/metrics`),
  });
});

const nginxConf = join(paths.nginx, 'nginx.conf');
const nginx = new Supervised({
  name: 'nginx',
  command: '/usr/sbin/nginx',
  args: ['-c', nginxConf, '-e', 'stderr', '-g', 'daemon off;'],
  port: settings.httpsPort,
  ready: () => listens(settings.httpsPort),
  critical: true,
});

/** Registers (or finds again) the webhook endpoint at Stripe as an operator does, and answers its signing secret. */
async function webhookEndpoint() {
  const { default: Stripe } = await import('stripe');
  const { tsImport } = await import('tsx/esm/api');
  const { HANDLED_WEBHOOK_EVENT_TYPES } = await tsImport(
    '../libs/payments-core/src/domain/webhook-events.ts',
    import.meta.url,
  );
  const stripe = new Stripe(stripeKeys.secret, {
    host: '127.0.0.1',
    port: settings.emulatorPort,
    protocol: 'http',
    maxNetworkRetries: 2,
  });
  const url = `${shopOrigin}/webhooks/stripe`;
  const saved = readJson(paths.endpoint);
  if (saved?.url === url) {
    const found = await stripe.webhookEndpoints.retrieve(saved.id).catch(() => null);
    if (found && found.status === 'enabled' && found.url === url) return saved.secret;
  }
  const endpoint = await stripe.webhookEndpoints.create(
    { url, enabled_events: [...HANDLED_WEBHOOK_EVENT_TYPES], description: 'storepay production topology' },
    { idempotencyKey: `start-prod-endpoint-${randomBytes(8).toString('hex')}` },
  );
  writeJson(paths.endpoint, { id: endpoint.id, url, secret: endpoint.secret }, 0o600);
  console.log(`start:prod: registered the webhook endpoint ${endpoint.id} for ${url}`);
  return endpoint.secret;
}

async function renderNginx() {
  const { storefrontPolicy } = await import('../tools/web-security/src/index.js');
  const rendered = spawnSync('sh', [join(root, 'ops/nginx/render.sh')], {
    env: {
      ...env,
      API_UPSTREAMS: apis.map((api) => `127.0.0.1:${api.port}`).join(' '),
      SHOP_HOST: settings.shopHost,
      ADMIN_HOST: settings.adminHost,
      HTTPS_PORT: String(settings.httpsPort),
      HTTP_PORT: String(settings.httpPort),
      TLS_CERT: join(paths.tls, 'cert.pem'),
      TLS_KEY: join(paths.tls, 'key.pem'),
      STOREFRONT_ROOT: join(root, 'apps/storefront/dist'),
      ADMIN_ROOT: join(root, 'apps/admin/dist'),
      STOREFRONT_CSP: storefrontPolicy({ stripeJsUrl }),
      NGINX_RUN_DIR: join(paths.nginx, 'run'),
      NGINX_ACCESS_LOG: env.NGINX_ACCESS_LOG || join(paths.logs, 'nginx-access.log'),
    },
    encoding: 'utf8',
  });
  if (rendered.status !== 0) fail(`rendering the nginx configuration failed:\n${rendered.stderr}`);
  writeFileSync(nginxConf, rendered.stdout);
  runStep('checking the nginx configuration', '/usr/sbin/nginx', ['-t', '-q', '-c', nginxConf, '-e', 'stderr']);
}

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log('start:prod: stopping (the proxy first, then the API and workers, then Stripe)…');
  await nginx.stop();
  await Promise.all([...apis, ...workers].map((p) => p.stop()));
  await emulator.stop();
  process.exit(code);
}

let rolling = null;
/**
 * How long a restarted API process is left serving before the next one stops: longer than nginx's fail_timeout
 * (ops/nginx/render.sh), so the proxy has taken the first back into rotation and never finds both out at once.
 */
const ROLLING_PAUSE_MS = 5_000;

/** SIGHUP: every API process, then every worker, restarted one at a time; the proxy keeps serving throughout. */
async function rollingRestart() {
  console.log('start:prod: rolling restart…');
  for (const member of [...apis, ...workers]) {
    if (shuttingDown) return;
    await member.restart();
    if (apis.includes(member)) await sleep(ROLLING_PAUSE_MS);
  }
  console.log('start:prod: rolling restart done');
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void shutdown(0));
// Whatever ends the supervisor, no process of the topology outlives it.
process.on('exit', () => {
  for (const member of supervised) if (member.child?.exitCode === null) member.child.kill('SIGKILL');
});
process.on('SIGHUP', () => {
  if (rolling) return console.log('start:prod: a rolling restart is already running');
  rolling = rollingRestart()
    .catch((error) => {
      console.error(`start:prod: the rolling restart failed: ${error.message}`);
      return shutdown(1);
    })
    .finally(() => (rolling = null));
});

try {
  await emulator.start();
  const secret = await webhookEndpoint();
  apiEnv.STRIPE_WEBHOOK_SECRET = secret;
  for (const member of [...apis, ...workers]) member.childEnv.STRIPE_WEBHOOK_SECRET = secret;
  // The first API process migrates nothing (done above) but seeds the catalog and creates the first admin: the
  // others start once it is ready, so they find both.
  await apis[0].start();
  await Promise.all([...apis.slice(1), ...workers].map((member) => member.start()));
  await renderNginx();
  await nginx.start();
} catch (error) {
  console.error(`start:prod: ${error.message}`);
  await shutdown(1);
}

console.log(
  [
    '',
    'storepay production topology is running:',
    `  shop    ${shopOrigin}`,
    `  admin   ${adminOrigin}  (sign in as ${admin.email}${env.ADMIN_EMAIL ? '' : ` / ${admin.password}`})`,
    `  http    http://${settings.shopHost}:${settings.httpPort} redirects to https`,
    `  TLS     trust ${join(paths.tls, 'ca.pem')} (a local CA made on the first run)`,
    `  API     ${apis.map((a) => `127.0.0.1:${a.port}`).join(', ')} (API_MODE=http), ${workers.length} workers`,
    `  data    ${settings.databaseUrl.replace(/\/\/[^@/]*@/, '//')} and ${settings.redisUrl}`,
    `  stripe  the emulator at ${emulatorUrl}, webhooks to ${shopOrigin}/webhooks/stripe`,
    `  metrics ${[...apis, ...workers].map((p) => `${p.name} 127.0.0.1:${p.childEnv.METRICS_PORT}`).join(', ')} (/metrics)`,
    `  logs    ${paths.logs}/<process>.log`,
    `Rolling restart: kill -HUP ${process.pid}. Press Ctrl-C to stop.`,
    '',
  ].join('\n'),
);
