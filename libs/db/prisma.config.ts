import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI (migrate deploy/status/diff, generate). The runtime builds its own client in src/client.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'tsx --conditions=@storepay/source src/seed.ts' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/storepay' },
});
