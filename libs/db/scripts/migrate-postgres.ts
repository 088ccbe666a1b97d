// Applies the committed migrations to the PostgreSQL database of DATABASE_URL (default: prisma.config.ts's) with
// the stock `prisma migrate deploy`, through tools/prisma-offline's wrapper so that it also works offline.
// Extra arguments are passed on to Prisma.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dbRoot = fileURLToPath(new URL('..', import.meta.url));
const prismaWrapper = fileURLToPath(new URL('../../../tools/prisma-offline/bin/prisma.mjs', import.meta.url));
const url = process.env['DATABASE_URL'];

if (url && !/^postgres(ql)?:\/\//.test(url)) {
  console.error(
    'DATABASE_URL is not a PostgreSQL URL (postgres:// or postgresql://); this script migrates PostgreSQL only.',
  );
  process.exit(1);
}

const child = spawn(
  process.execPath,
  [prismaWrapper, 'migrate', 'deploy', '--config', 'prisma.config.ts', ...process.argv.slice(2)],
  {
    cwd: dbRoot,
    stdio: 'inherit',
  },
);
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
