// `npm run db:migrate`: apply the committed migrations.
// With DATABASE_URL: `prisma migrate deploy` (through tools/prisma-offline, so it also works offline).
// Without: the embedded PGlite database, in-process, with the same `_prisma_migrations` bookkeeping.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/client';

const root = fileURLToPath(new URL('../../../', import.meta.url));

if (process.env.DATABASE_URL) {
  const result = spawnSync(
    process.execPath,
    ['tools/prisma-offline/bin/prisma.mjs', 'migrate', 'deploy', '--config', 'libs/db/prisma.config.ts'],
    { cwd: root, stdio: 'inherit' },
  );
  process.exit(result.status ?? 1);
}

try {
  const db = await openDatabase({ migrate: true });
  await db.close();
  console.log('db:migrate: the embedded database is up to date');
} catch (error) {
  console.error(`db:migrate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
