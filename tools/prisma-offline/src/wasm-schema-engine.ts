// Loads Prisma's Wasm schema engine (@prisma/schema-engine-wasm) on Node 20, which cannot `import` a .wasm file:
// the module is compiled once per process and wired to its wasm-bindgen glue by hand.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

export type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

type WasmGlue = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

interface WasmExports {
  __wbindgen_start(): void;
}

/** The part of the WebAssembly JS API used here (@types/node declares no WebAssembly values). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, object>) => { exports: object };
}

const { WebAssembly: wasmApi } = globalThis as unknown as { WebAssembly: WebAssemblyApi };

const require = createRequire(import.meta.url);
const GLUE_SPECIFIER = '@prisma/schema-engine-wasm/schema_engine_bg';

let gluePromise: Promise<WasmGlue> | undefined;

async function instantiate(): Promise<WasmGlue> {
  const gluePath = require.resolve(GLUE_SPECIFIER);
  const glue = (await import(GLUE_SPECIFIER)) as WasmGlue;
  const module = new wasmApi.Module(readFileSync(join(dirname(gluePath), 'schema_engine_bg.wasm')));
  const instance = new wasmApi.Instance(module, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports as unknown as WasmExports).__wbindgen_start();
  return glue;
}

/** The wasm-bindgen glue of the one Wasm instance of this process (engines share it). */
export function loadWasmGlue(): Promise<WasmGlue> {
  gluePromise ??= instantiate();
  return gluePromise;
}

/** The version of @prisma/schema-engine-wasm as its package states it, e.g. `8.1.0-2.59be4fda…`. */
export function wasmEnginePackageVersion(): string {
  const packageJson = join(dirname(require.resolve(GLUE_SPECIFIER)), 'package.json');
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

export interface CreateSchemaEngineOptions {
  /** Prisma schema files as [path, content] pairs. */
  datamodels: Array<[string, string]>;
  /** The database the engine works on, plus how it gets a shadow database. */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Receives the engine's log lines: JSON objects like `{"level":"INFO","fields":{"message":…},"target":…}`. */
  onLog?: (line: string) => void;
}

export async function createSchemaEngine(options: CreateSchemaEngineOptions): Promise<SchemaEngine> {
  const glue = await loadWasmGlue();
  const onLog = options.onLog ?? (() => undefined);
  return glue.SchemaEngine.new(
    { datamodels: options.datamodels },
    (line: string) => onLog(line),
    bindMigrationAwareSqlAdapterFactory(options.adapterFactory),
  );
}
