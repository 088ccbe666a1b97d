// Loads a Prisma schema given as one file or as a folder of .prisma files.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface SchemaFile {
  path: string;
  content: string;
}

async function listPrismaFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.prisma'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

export async function readSchemaFiles(schemaPath: string): Promise<SchemaFile[]> {
  const absolute = resolve(schemaPath);
  const paths = (await stat(absolute)).isDirectory() ? await listPrismaFiles(absolute) : [absolute];
  if (paths.length === 0) throw new Error(`No .prisma file found in ${absolute}.`);
  return Promise.all(paths.map(async (path) => ({ path, content: await readFile(path, 'utf8') })));
}

/** The `provider` of the datasource block, e.g. `postgresql`. */
export function datasourceProvider(files: SchemaFile[]): string | undefined {
  for (const file of files) {
    const block = /datasource\s+\w+\s*\{([^}]*)\}/.exec(file.content)?.[1];
    const provider = block && /^\s*provider\s*=\s*"([^"]+)"/m.exec(block)?.[1];
    if (provider) return provider;
  }
  return undefined;
}
