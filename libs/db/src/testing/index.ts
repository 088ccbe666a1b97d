// Test and benchmark support: fresh databases, and the Prisma client behind a database for arranging and inspecting
// rows. Never imported by production code (lint refuses it outside tests, test support and tools).
export { createTestDatabase, prismaOf, testDatabaseTargets, type TestDatabase } from './test-database';
export type { PrismaClient } from '../generated/prisma/client.ts';
