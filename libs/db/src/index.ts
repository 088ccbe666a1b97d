export {
  openDatabase,
  pgliteDir,
  workspaceRoot,
  DatabaseLockedError,
  type Database,
  type DatabaseKind,
  type DatabaseOptions,
} from './client';
export { MigrationError, readMigrations, type Migration } from './migrations';
export { createProductRepository, type ProductRepository } from './repositories/product-repository';
export {
  createOrderRepository,
  type CreateOrderInput,
  type OrderRepository,
  type PaymentIntentFacts,
  type StoredOrder,
} from './repositories/order-repository';
export { seedCatalog, seedCatalogIfEmpty, DEMO_CATALOG } from './seed';
export type { PrismaClient } from './generated/prisma/client.ts';
