// Runs the stock Prisma CLI (node_modules/prisma) with the schema engine chosen by chooseSchemaEngine().
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chooseSchemaEngine, prismaEnvironment } from './schema-engine-choice.ts';

/** bin/prisma.mjs, the wrapper executable. */
export const prismaWrapperPath = fileURLToPath(new URL('../bin/prisma.mjs', import.meta.url));

const require = createRequire(import.meta.url);

export function prismaCliPath(): string {
  return require.resolve('prisma/build/index.js');
}

export interface RunPrismaOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_EXIT_CODES: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** Runs `prisma <args>` with inherited stdio and resolves with its exit code. */
export async function runPrisma(args: readonly string[], options: RunPrismaOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const choice = await chooseSchemaEngine(env);
  if (env['PRISMA_OFFLINE_DEBUG']) process.stderr.write(`prisma-offline: schema engine ${JSON.stringify(choice)}\n`);
  const child = spawn(process.execPath, [prismaCliPath(), ...args], {
    cwd: options.cwd,
    env: prismaEnvironment(env, choice),
    stdio: 'inherit',
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code, signal) => resolve(code ?? (signal ? (SIGNAL_EXIT_CODES[signal] ?? 1) : 1)));
    });
  } finally {
    for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
  }
}
