// The system packages the tests and the production topology need, from Debian's archive: installed when this
// process can (root with apt-get), otherwise a stop at once with the exact command to run. A machine that happens
// to have them proves nothing, so every entry names the file that shows it is there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** What each need is made of: the files that show it is installed, and the Debian packages that bring them. */
export const SYSTEM_NEEDS = {
  chromium: { files: ['/usr/bin/chromium'], packages: ['chromium'], for: 'the browser tests (Playwright)' },
  nginx: {
    files: [
      '/usr/sbin/nginx',
      '/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so',
      '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so',
      '/usr/bin/envsubst',
    ],
    packages: ['nginx', 'libnginx-mod-http-brotli-filter', 'libnginx-mod-http-brotli-static', 'gettext-base'],
    for: 'the TLS proxy of the production topology',
  },
  openssl: { files: ['/usr/bin/openssl'], packages: ['openssl'], for: 'its certificate' },
  promtool: { files: ['/usr/bin/promtool'], packages: ['prometheus'], for: 'the alert rules’ tests' },
  'redis-server': {
    files: ['/usr/bin/redis-server'],
    packages: ['redis-server'],
    for: 'the chaos suite’s Redis outage (a server of its own to stop)',
  },
};

/** The needs (names of SYSTEM_NEEDS) not met on this machine. */
export function missingSystemNeeds(needs) {
  return needs.filter((need) => !SYSTEM_NEEDS[need].files.every((file) => existsSync(file)));
}

/**
 * Makes sure `needs` are met: installs their packages with apt-get when running as root, else prints the exact
 * command and exits 1. `who` names the caller in messages (e.g. "npm test").
 */
export function ensureSystemPackages(needs, who) {
  const missing = missingSystemNeeds(needs);
  if (missing.length === 0) return;
  const packages = missing.flatMap((need) => SYSTEM_NEEDS[need].packages);
  const reasons = missing.map((need) => `${need} (${SYSTEM_NEEDS[need].for})`).join(', ');
  const command = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    console.error(
      `${who}: missing system packages: ${reasons}.\nInstall them from Debian's archive, then run ${who} again:\n` +
        `  sudo apt-get update && sudo ${command}`,
    );
    process.exit(1);
  }
  console.log(`${who}: installing system packages for ${reasons}: ${packages.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...packages],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (result.status !== 0) {
      console.error(`${who}: apt-get ${args[0]} failed (exit ${result.status}); run it yourself:\n  ${command}`);
      process.exit(1);
    }
  }
  const still = missingSystemNeeds(needs);
  if (still.length > 0) {
    console.error(`${who}: still missing after apt-get: ${still.join(', ')}`);
    process.exit(1);
  }
}
