// Which schema engine the Prisma CLI should use. Prisma looks for its native binary (downloaded by @prisma/engines'
// postinstall) in a few places and, when it is missing, tries to download it on every command. We leave Prisma
// alone when the user named a binary or the native one is present, and otherwise hand it the Wasm stand-in.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The stand-in executable (bin/schema-engine.mjs). */
export const schemaEngineStandInPath = fileURLToPath(new URL('../bin/schema-engine.mjs', import.meta.url));

export type SchemaEngineChoice =
  | { kind: 'user'; path: string; variable: string }
  | { kind: 'native'; path: string }
  | { kind: 'native-download' }
  | { kind: 'wasm'; path: string };

export type EngineMode = 'auto' | 'wasm' | 'native';

const USER_VARIABLES = ['PRISMA_SCHEMA_ENGINE_BINARY', 'PRISMA_MIGRATION_ENGINE_BINARY'] as const;

const require = createRequire(import.meta.url);

interface GetPlatform {
  getBinaryTargetForCurrentPlatform: () => Promise<string>;
}

/**
 * The native schema-engine binary of the installed Prisma CLI, if present: `schema-engine-<binary target>` in the
 * directories Prisma searches (the @prisma/engines package, the prisma package, their node_modules, prisma/runtime).
 */
export async function findNativeSchemaEngine(): Promise<string | undefined> {
  try {
    const prismaPackageJson = require.resolve('prisma/package.json');
    const prismaDir = dirname(prismaPackageJson);
    const enginesPackageJson = createRequire(prismaPackageJson).resolve('@prisma/engines/package.json');
    const { getBinaryTargetForCurrentPlatform } = createRequire(enginesPackageJson)(
      '@prisma/get-platform',
    ) as GetPlatform;
    const target = await getBinaryTargetForCurrentPlatform();
    const fileName = `schema-engine-${target}${target === 'windows' ? '.exe' : ''}`;
    const directories = [dirname(enginesPackageJson), prismaDir, dirname(prismaDir), join(prismaDir, 'runtime')];
    return directories.map((directory) => join(directory, fileName)).find((path) => existsSync(path));
  } catch {
    return undefined;
  }
}

export function engineMode(env: NodeJS.ProcessEnv): EngineMode {
  const value = env['PRISMA_OFFLINE_ENGINE'] ?? 'auto';
  if (value === 'auto' || value === 'wasm' || value === 'native') return value;
  throw new Error(`PRISMA_OFFLINE_ENGINE must be auto, wasm or native, not "${value}".`);
}

/**
 * 1. PRISMA_SCHEMA_ENGINE_BINARY (or the deprecated PRISMA_MIGRATION_ENGINE_BINARY) set: the user's binary.
 * 2. PRISMA_OFFLINE_ENGINE=wasm: the stand-in; =native: Prisma's own behaviour (it may download).
 * 3. Otherwise the native binary when present, else the stand-in.
 */
export async function chooseSchemaEngine(env: NodeJS.ProcessEnv = process.env): Promise<SchemaEngineChoice> {
  for (const variable of USER_VARIABLES) {
    const path = env[variable];
    if (path) return { kind: 'user', path, variable };
  }
  const mode = engineMode(env);
  if (mode === 'wasm') return { kind: 'wasm', path: schemaEngineStandInPath };
  const native = await findNativeSchemaEngine();
  if (native) return { kind: 'native', path: native };
  if (mode === 'native') return { kind: 'native-download' };
  return { kind: 'wasm', path: schemaEngineStandInPath };
}

/** The environment for the Prisma CLI: telemetry checks off, and the stand-in when it was chosen. */
export function prismaEnvironment(env: NodeJS.ProcessEnv, choice: SchemaEngineChoice): NodeJS.ProcessEnv {
  return {
    ...env,
    CHECKPOINT_DISABLE: '1',
    ...(choice.kind === 'wasm' ? { PRISMA_SCHEMA_ENGINE_BINARY: choice.path } : {}),
  };
}
