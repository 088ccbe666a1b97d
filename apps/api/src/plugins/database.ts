import { openDatabase, pgliteDir, seedCatalogIfEmpty, type Database } from '@storepay/db';
import fp from 'fastify-plugin';
import type { Config } from '../config';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

export interface DatabasePluginOptions {
  config: Config;
  /** An already open database (tests); the plugin then does not close it. */
  database?: Database;
}

/** Opens PGlite or PostgreSQL, seeds the demo catalog where configured, and closes the database with the server. */
export const databasePlugin = fp<DatabasePluginOptions>(
  async (app, { config, database }) => {
    const db =
      database ??
      (await openDatabase({
        url: config.database.url,
        dataDir: config.database.url ? undefined : pgliteDir(config.database.dataDir),
      }));
    app.log.info({ kind: db.kind }, 'database ready');
    if (config.seedDemoCatalog && (await seedCatalogIfEmpty(db))) {
      app.log.info('seeded the demo catalog');
    }
    app.decorate('db', db);
    if (!database) app.addHook('onClose', async () => db.close());
  },
  { name: 'database' },
);
