#!/usr/bin/env node
// The stock Prisma CLI, runnable offline: `prisma.mjs <any prisma arguments>`. Sets CHECKPOINT_DISABLE=1 and, when
// neither PRISMA_SCHEMA_ENGINE_BINARY is set nor Prisma's native schema engine is installed, points Prisma at the
// Wasm stand-in (bin/schema-engine.mjs). See ../README.md.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { runPrisma } = await import('../src/prisma-cli.ts');
process.exitCode = await runPrisma(process.argv.slice(2));
