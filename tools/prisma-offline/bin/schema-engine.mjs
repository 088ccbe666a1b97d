#!/usr/bin/env -S node --no-warnings
// Stand-in for Prisma's native schema-engine binary: point PRISMA_SCHEMA_ENGINE_BINARY here (bin/prisma.mjs does
// it when the native binary is missing) and the stock Prisma CLI migrates through the Wasm schema engine.
// It speaks the binary's JSON-RPC over stdio; stdout carries protocol messages only.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { runSchemaEngine } = await import('../src/engine-server/main.ts');
const code = await runSchemaEngine(process.argv.slice(2));
// Pooled database connections would keep the process alive for their idle timeout.
process.stdout.write('', () => process.exit(code));
