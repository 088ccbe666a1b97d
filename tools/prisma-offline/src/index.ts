export type {
  CreateMigrationOptions,
  CreateMigrationResult,
  DiffMigrationsToSchemaOptions,
} from './migrations-diff.ts';
export { createMigrationFromSchema, diffMigrationsToSchema, invalidMigrationNameReason } from './migrations-diff.ts';
export { ensureMigrationLock, migrationLockContent, readMigrationsDirectory } from './migrations-directory.ts';
export type { RunPrismaOptions } from './prisma-cli.ts';
export { prismaCliPath, prismaWrapperPath, runPrisma } from './prisma-cli.ts';
export type { SchemaEngineChoice } from './schema-engine-choice.ts';
export { chooseSchemaEngine, findNativeSchemaEngine, schemaEngineStandInPath } from './schema-engine-choice.ts';
