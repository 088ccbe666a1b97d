// Entry point of the stand-in for Prisma's native schema-engine binary (see bin/schema-engine.mjs). stdout
// carries protocol messages only; logs go to stderr as JSON lines.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { wasmEnginePackageVersion } from '../wasm-schema-engine.ts';
import type { EngineArgs } from './args.ts';
import { parseEngineArgs } from './args.ts';
import { runCliCommand } from './cli-commands.ts';
import { createEngineContext } from './engine-context.ts';
import { serveJsonRpc } from './json-rpc.ts';
import { log } from './logger.ts';
import { createMethods, dispatch } from './methods.ts';

const USAGE = `prisma-offline schema engine: Prisma's Wasm schema engine behind the native binary's stdio protocol.

Usage:
  schema-engine [--datamodels <schema file>]... [--datasource <json>]   JSON-RPC over stdin/stdout
  schema-engine --datasource <json> cli <can-connect-to-database|create-database|drop-database>
  schema-engine --version
`;

/** When the CLI sends no schema (e.g. `migrate diff`), the engine still needs to know the connector. */
const FALLBACK_DATAMODEL: [string, string] = ['schema.prisma', 'datasource db {\n  provider = "postgresql"\n}\n'];

/** The commit hash the Wasm engine was built from, the part of the version the native binary prints. */
export function engineVersionLine(): string {
  const hash = wasmEnginePackageVersion().split('.').at(-1) ?? 'unknown';
  return `schema-engine-cli ${hash} (prisma-offline: @prisma/schema-engine-wasm)`;
}

async function readDatamodels(paths: string[]): Promise<Array<[string, string]>> {
  if (paths.length === 0) return [FALLBACK_DATAMODEL];
  return Promise.all(
    paths.map(async (path): Promise<[string, string]> => [resolve(path), await readFile(resolve(path), 'utf8')]),
  );
}

async function serve(args: EngineArgs): Promise<number> {
  const context = createEngineContext(await readDatamodels(args.datamodels), args.datasource);
  let methods: ReturnType<typeof createMethods> | undefined;
  await serveJsonRpc({
    input: process.stdin,
    output: process.stdout,
    handle: (method, params, peer) => dispatch((methods ??= createMethods(context, peer)), method, params),
  });
  return 0;
}

export async function runSchemaEngine(argv: readonly string[]): Promise<number> {
  let args: EngineArgs;
  try {
    args = parseEngineArgs(argv);
  } catch (error) {
    log('ERROR', error instanceof Error ? error.message : String(error));
    return 1;
  }
  if (args.help) {
    process.stderr.write(USAGE);
    return 0;
  }
  if (args.version) {
    process.stdout.write(`${engineVersionLine()}\n`);
    return 0;
  }
  if (args.cliCommand) return runCliCommand(args.cliCommand, args.datasource);
  return serve(args);
}
