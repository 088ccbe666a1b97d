export { createTestDatabase, testDatabaseTargets, type TestDatabase } from './test-database';
