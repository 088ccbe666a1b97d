// `npm run db:seed`: upsert the demo catalog into DATABASE_URL, or the embedded database when it is unset.
import { openDatabase } from '../src/client';
import { seedCatalog } from '../src/seed';

try {
  const db = await openDatabase({ url: process.env.DATABASE_URL || undefined });
  try {
    const count = await seedCatalog(db);
    console.log(`db:seed: ${count} products upserted into the ${db.kind} database`);
  } finally {
    await db.close();
  }
} catch (error) {
  console.error(`db:seed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
