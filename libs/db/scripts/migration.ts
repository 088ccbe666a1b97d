// Creates prisma/migrations/<UTC timestamp>_<name>/migration.sql from the changes between the committed migrations
// and prisma/schema.prisma:  npm run db:migration -- <name>
// No database is needed: the migrations are replayed into an in-memory PGlite database. Prints "No changes" and
// creates nothing when they already match. No data-loss warnings are computed: review the SQL before committing.
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMigrationFromSchema, invalidMigrationNameReason } from '@storepay/prisma-offline';

const dbRoot = fileURLToPath(new URL('..', import.meta.url));
const schemaPath = join(dbRoot, 'prisma', 'schema.prisma');
const migrationsDir = join(dbRoot, 'prisma', 'migrations');
const usage = 'Usage: npm run db:migration -- <name>   (snake_case, e.g. add_refund_notes)';

async function main(args: string[]): Promise<number> {
  if (args.length > 1) {
    console.error(`Expected one migration name, got ${args.length} arguments.\n${usage}`);
    return 1;
  }
  const [name] = args;
  const reason = invalidMigrationNameReason(name);
  if (reason || !name) {
    console.error(`${reason}\n${usage}`);
    return 1;
  }
  const result = await createMigrationFromSchema({ schemaPath, migrationsDir, name });
  if (result.status === 'no-changes') {
    console.log('No changes: the migrations already match prisma/schema.prisma. Nothing was created.');
    return 0;
  }
  console.log(`Created ${relative(process.cwd(), join(result.directory, 'migration.sql'))}`);
  console.log('Review it before committing: data-loss warnings are not computed offline.');
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
