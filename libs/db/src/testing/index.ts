// Test and benchmark support: fresh databases, and the Prisma client behind a database for arranging and inspecting
// rows. Never imported by production code (lint refuses it outside tests, test support and tools).
export {
  createTestDatabase,
  describeEachDatabase,
  postgresqlTestsEnabled,
  prismaOf,
  type TestDatabase,
  type TestDatabaseTarget,
} from './test-database';
export { holdPaymentLocks } from './row-locks';
export type { PrismaClient } from '../generated/prisma/client.ts';
