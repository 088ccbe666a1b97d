// Set-up that `npm start` and `npm test` do on a fresh clone: install dependencies when they are missing or stale,
// and generate the Prisma client when it is missing; with --tests, the system packages the tests need first. Plain
// Node, so it runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemPackages } from './system-packages.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

export function ensureSetup() {
  const installed = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
    console.log('setup: installing dependencies (npm ci)…');
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
  if (!existsSync(join(root, 'libs', 'db', 'src', 'generated', 'prisma', 'client.ts'))) {
    console.log('setup: generating the Prisma client…');
    run('npm', ['run', 'db:generate']);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // As npm's postinstall only the client is generated (npm ci is what is running).
  if (process.argv.includes('--generate-only')) run('npm', ['run', 'db:generate']);
  else {
    // `npm test`: the browser suites need Chromium; the production topology's suite nginx and openssl; the alert
    // rules' tests promtool; the chaos suite's smoke a Redis server of its own. `npm run chaos`: that Redis.
    if (process.argv.includes('--tests')) {
      ensureSystemPackages(['chromium', 'nginx', 'openssl', 'promtool', 'redis-server'], 'npm test');
    }
    if (process.argv.includes('--chaos')) ensureSystemPackages(['redis-server'], 'npm run chaos');
    ensureSetup();
  }
}
