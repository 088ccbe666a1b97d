// A fresh PGlite database takes seconds to create (it runs initdb); one loaded from a data-directory dump takes
// about half a second. The dump of a fresh database is kept in memory and in node_modules/.cache/prisma-offline
// (keyed by the PGlite version), so only the first database of a machine pays for initdb.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const require = createRequire(import.meta.url);

function pglitePackageRoot(): string {
  const entry = require.resolve('@electric-sql/pglite');
  const marker = `${sep}node_modules${sep}`;
  const index = entry.lastIndexOf(marker);
  return join(entry.slice(0, index + marker.length), '@electric-sql', 'pglite');
}

async function cacheFile(): Promise<string> {
  const root = pglitePackageRoot();
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
  return join(root, '..', '..', '.cache', 'prisma-offline', `pglite-${version}-fresh-datadir.tar.gz`);
}

async function readCachedDump(file: string): Promise<Blob | undefined> {
  try {
    return new Blob([await readFile(file)]);
  } catch {
    return undefined;
  }
}

async function writeCachedDump(file: string, dump: Blob): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(temporary, new Uint8Array(await dump.arrayBuffer()));
    await rename(temporary, file);
  } catch {
    await rm(temporary, { force: true });
  }
}

async function createDump(file: string): Promise<Blob> {
  const db = new PGlite('memory://');
  try {
    await db.waitReady; // dumpDataDir() never settles on a database that is still starting
    const dump = await db.dumpDataDir('gzip');
    await writeCachedDump(file, dump);
    return dump;
  } finally {
    await db.close();
  }
}

let dumpPromise: Promise<Blob> | undefined;

function freshDump(): Promise<Blob> {
  dumpPromise ??= cacheFile().then(async (file) => (await readCachedDump(file)) ?? createDump(file));
  return dumpPromise;
}

/** A new, empty in-memory database. */
export async function createFreshPglite(): Promise<PGlite> {
  try {
    const db = new PGlite('memory://', { loadDataDir: await freshDump() });
    await db.waitReady;
    return db;
  } catch {
    // An unusable cached dump: forget it and build the database the slow way.
    dumpPromise = undefined;
    await cacheFile()
      .then((file) => rm(file, { force: true }))
      .catch(() => undefined);
    const db = new PGlite('memory://');
    await db.waitReady;
    return db;
  }
}
