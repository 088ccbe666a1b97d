// `npm start`: the whole demo system with zero configuration: API, storefront and admin, with combined logs.
// Ctrl-C (or SIGTERM) stops everything; a process that fails stops the rest and makes the exit code non-zero.
import { mkdirSync } from 'node:fs';
import { ensureSetup, root } from './ensure-setup.mjs';

ensureSetup();

const { tsImport } = await import('tsx/esm/api');
const { loadConfig, ConfigError } = await tsImport('../apps/api/src/config.ts', import.meta.url);
let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`start: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const { default: concurrently } = await import('concurrently');
const env = { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' };
const url = (port) => `http://127.0.0.1:${port}`;
const dataDir = process.env.DATA_DIR ?? `${root}/.data`;
mkdirSync(dataDir, { recursive: true });
// The demo (no Stripe keys), or test keys with STRIPE_API_BASE on loopback: the offline Stripe emulator stands in
// for Stripe on that port, its state kept in DATA_DIR.
const emulatorPort = config.stripe.emulator ? Number(new URL(config.stripe.apiBase).port || 80) : null;
// Without SMTP_URL, a mail catcher (maildev: SMTP in, a web inbox and a REST API out) receives every email the
// system sends, kept in DATA_DIR: nothing leaves the machine.
const mailCatcher = process.env.SMTP_URL
  ? null
  : {
      smtp: Number(process.env.MAIL_CATCHER_SMTP_PORT ?? 1025),
      web: Number(process.env.MAIL_CATCHER_WEB_PORT ?? 1080),
    };
if (mailCatcher) mkdirSync(`${dataDir}/mail`, { recursive: true });
const apps = [
  ...(mailCatcher
    ? [
        {
          name: 'mail',
          command:
            `node node_modules/maildev/dist/bin/maildev.js --smtp ${mailCatcher.smtp} --web ${mailCatcher.web}` +
            ` --ip 127.0.0.1 --web-ip 127.0.0.1 --mail-directory "${dataDir}/mail" --max-emails 1000`,
          cwd: root,
          env,
          prefixColor: 'blue',
          health: `${url(mailCatcher.web)}/api/healthz`,
        },
      ]
    : []),
  ...(emulatorPort
    ? [
        {
          name: 'stripe',
          command: `node --import tsx src/main.ts --port ${emulatorPort} --state-file "${dataDir}/stripe-emulator.json"`,
          cwd: `${root}/tools/stripe-emulator`,
          env,
          prefixColor: 'green',
          health: url(emulatorPort),
        },
      ]
    : []),
  {
    name: 'api',
    command: 'node --import tsx --conditions=@storepay/source src/main.ts',
    cwd: `${root}/apps/api`,
    env: {
      ...env,
      LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
      DATA_DIR: dataDir,
      ...(mailCatcher ? { SMTP_URL: `smtp://127.0.0.1:${mailCatcher.smtp}` } : {}),
    },
    prefixColor: 'cyan',
    health: `${url(config.port)}/health`,
  },
  {
    name: 'storefront',
    command: 'node ../../node_modules/vite/bin/vite.js --clearScreen false',
    cwd: `${root}/apps/storefront`,
    env,
    prefixColor: 'magenta',
    health: url(config.ports.storefront),
  },
  {
    name: 'admin',
    command: 'node ../../node_modules/vite/bin/vite.js --clearScreen false',
    cwd: `${root}/apps/admin`,
    env,
    prefixColor: 'yellow',
    health: url(config.ports.admin),
  },
];

const { result, commands } = concurrently(
  apps.map(({ health: _health, ...command }) => command),
  { prefix: '{time} {name}', timestampFormat: 'HH:mm:ss', killOthersOn: ['failure', 'success'], cwd: root },
);

async function waitFor(target, deadline) {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(target);
      if (response.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/** Who can sign in to the admin: the demo admin's credentials are printed; a configured admin's password is not. */
function adminHint() {
  if (process.env.ADMIN_EMAIL) return `(sign in as ${config.admin.email})`;
  if (config.admin.email) return `(demo admin: ${config.admin.email} / ${config.admin.password})`;
  return '(no admin yet: npm run staff -- create --email you@example.com --role admin)';
}

const deadline = Date.now() + 120_000;
Promise.all(apps.map((app) => waitFor(app.health, deadline))).then((up) => {
  if (up.every(Boolean)) {
    console.log(
      [
        '',
        'storepay is running (embedded data in .data/ unless DATABASE_URL is set):',
        `  storefront  ${url(config.ports.storefront)}`,
        `  admin       ${url(config.ports.admin)}  ${adminHint()}`,
        `  api         ${url(config.port)}  (/health, /ready, /api/products)`,
        ...(emulatorPort ? [`  stripe      ${url(emulatorPort)}  (offline Stripe emulator: /v1, /_emulator)`] : []),
        ...(mailCatcher
          ? [`  mail        ${url(mailCatcher.web)}  (every email sent, caught: web inbox, REST at /api/email)`]
          : []),
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  } else {
    console.error('start: not every service came up within 120 s; see the logs above');
  }
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const command of commands) command.kill(signal);
  });
}

result.then(
  () => process.exit(0),
  (events) => {
    const failed = events.filter(
      (e) => e.exitCode !== 0 && !e.killed && e.exitCode !== 'SIGINT' && e.exitCode !== 'SIGTERM',
    );
    process.exit(failed.length > 0 ? 1 : 0);
  },
);
