// The stock Prisma CLI, run through bin/prisma.mjs with the Wasm stand-in, against a scratch PostgreSQL database
// on the server of TEST_DATABASE_URL (default: the local server).
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { appendFile, cp, mkdir, readdir, readFile, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { prismaWrapperPath } from './prisma-cli.ts';

const serverUrl = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const database = `prisma_offline_t_${randomBytes(6).toString('hex')}`;
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();
const fixture = fileURLToPath(new URL('../fixtures/blog', import.meta.url));
const scratchDir = fileURLToPath(new URL(`../tmp/${database}`, import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function prisma(args: string[], cwd = fixture): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, PRISMA_OFFLINE_ENGINE: 'wasm' };
  delete env['PRISMA_SCHEMA_ENGINE_BINARY'];
  const child = spawn(process.execPath, [prismaWrapperPath, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function query<T extends pg.QueryResultRow>(sql: string, url = databaseUrl): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`, serverUrl);
  await rm(scratchDir, { recursive: true, force: true });
  await rmdir(dirname(scratchDir)).catch(() => undefined); // tmp/, when no other run uses it
});

describe('stock prisma CLI through the Wasm stand-in', () => {
  it('migrate deploy creates the database and applies every migration', async () => {
    const run = await prisma(['migrate', 'deploy']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('All migrations have been successfully applied.');

    const tables = await query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((row) => row.table_name)).toEqual(['_prisma_migrations', 'authors', 'posts']);

    const migrationsDir = join(fixture, 'migrations');
    const names = (await readdir(migrationsDir)).filter((name) => name !== 'migration_lock.toml').sort();
    const rows = await query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`,
    );
    const checksums = await Promise.all(
      names.map(async (name) =>
        createHash('sha256')
          .update(await readFile(join(migrationsDir, name, 'migration.sql')))
          .digest('hex'),
      ),
    );
    expect(rows).toEqual(names.map((name, i) => ({ migration_name: name, checksum: checksums[i] })));

    // The plpgsql trigger of the hand-written migration arrived whole.
    const [post] = await query<{ touched: boolean }>(`
      WITH author AS (INSERT INTO authors (email) VALUES ('a@example.com') RETURNING id),
           post AS (INSERT INTO posts (author_id, title, updated_at) SELECT id, 'Hi', '2000-01-01' FROM author RETURNING id)
      SELECT true AS touched FROM post`);
    expect(post?.touched).toBe(true);
    await query(`UPDATE posts SET title = 'Hello'`);
    const [updated] = await query<{ recent: boolean }>(
      `SELECT updated_at > now() - interval '1 minute' AS recent FROM posts`,
    );
    expect(updated?.recent).toBe(true);
  });

  it('migrate status reports the database up to date', async () => {
    const run = await prisma(['migrate', 'status']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Database schema is up to date!');
  });

  it('migrate diff finds no drift, from the live database or from the migrations', async () => {
    const fromDatabase = await prisma([
      'migrate',
      'diff',
      '--from-config-datasource',
      '--to-schema',
      'schema.prisma',
      '--exit-code',
    ]);
    expect(fromDatabase.code, fromDatabase.stderr).toBe(0);
    const fromMigrations = await prisma([
      'migrate',
      'diff',
      '--from-migrations',
      'migrations',
      '--to-schema',
      'schema.prisma',
      '--exit-code',
    ]);
    expect(fromMigrations.code, fromMigrations.stderr).toBe(0);
    expect(fromMigrations.stdout).toContain('No difference detected.');
  });

  it('migrate dev --create-only writes a migration for a schema change', async () => {
    await mkdir(scratchDir, { recursive: true });
    await cp(fixture, scratchDir, { recursive: true });
    await appendFile(
      join(scratchDir, 'schema.prisma'),
      '\nmodel Tag {\n  id   Int    @id\n  name String\n\n  @@map("tags")\n}\n',
    );
    const run = await prisma(['migrate', 'dev', '--create-only', '--name', 'add_tags'], scratchDir);
    expect(run.code, run.stderr).toBe(0);
    const created = (await readdir(join(scratchDir, 'migrations'))).find((name) => name.endsWith('_add_tags'));
    expect(created).toBeDefined();
    expect(await readFile(join(scratchDir, 'migrations', created ?? '', 'migration.sql'), 'utf8')).toContain(
      'CREATE TABLE "tags"',
    );
  });

  it('migrate reset --force recreates the schema from the migrations', async () => {
    const run = await prisma(['migrate', 'reset', '--force']);
    expect(run.code, run.stderr).toBe(0);
    expect(await query(`SELECT * FROM posts`)).toEqual([]);
  });
});
