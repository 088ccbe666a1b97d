import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DatabaseProblem } from '../postgres-admin.ts';
import { parseEngineArgs } from './args.ts';
import { MethodNotFound, serveJsonRpc } from './json-rpc.ts';
import { countMigrationSteps } from './methods.ts';
import { toUserFacingError } from './user-facing-error.ts';

function nextLine(stream: PassThrough): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const end = buffer.indexOf('\n');
      if (end === -1) return;
      stream.off('data', onData);
      resolve(JSON.parse(buffer.slice(0, end)) as Record<string, unknown>);
    };
    stream.on('data', onData);
  });
}

describe('serveJsonRpc', () => {
  it('answers requests in order, lets a handler print through the client, and reports errors', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const served = serveJsonRpc({
      input,
      output,
      handle: async (method, params, peer) => {
        if (method === 'echo') return params;
        if (method === 'diff') {
          await peer.request('print', { content: 'CREATE TABLE x ();' });
          return { exitCode: 2, stdout: null };
        }
        if (method === 'fail')
          throw Object.assign(new Error('Migration failed.\n   0: schema_engine_wasm::Diff\n  at x'), {
            code: 'P3006',
          });
        throw new MethodNotFound(method);
      },
    });

    input.write('{"jsonrpc":"2.0","id":1,"method":"echo","params":{"a":1}}\n');
    expect(await nextLine(output)).toEqual({ jsonrpc: '2.0', id: 1, result: { a: 1 } });

    input.write('{"jsonrpc":"2.0","id":2,"method":"diff","params":{}}\n');
    const print = await nextLine(output);
    expect(print).toMatchObject({ method: 'print', params: { content: 'CREATE TABLE x ();' } });
    input.write(`${JSON.stringify({ jsonrpc: '2.0', id: print['id'], result: {} })}\n`);
    expect(await nextLine(output)).toEqual({ jsonrpc: '2.0', id: 2, result: { exitCode: 2, stdout: null } });

    input.write('{"jsonrpc":"2.0","id":3,"method":"fail"}\n');
    expect(await nextLine(output)).toMatchObject({
      id: 3,
      error: { code: 4466, data: { is_panic: false, message: 'Migration failed.', error_code: 'P3006' } },
    });

    input.write('{"jsonrpc":"2.0","id":4,"method":"nope"}\n');
    expect(await nextLine(output)).toMatchObject({ id: 4, error: { code: -32601 } });

    input.end();
    await served;
  });
});

describe('parseEngineArgs', () => {
  it('reads the arguments the Prisma CLI passes', () => {
    expect(
      parseEngineArgs([
        '--datamodels',
        'a.prisma',
        '--datamodels=b.prisma',
        '--datasource',
        '{"url":"postgresql://h/db","shadowDatabaseUrl":""}',
      ]),
    ).toEqual({
      datamodels: ['a.prisma', 'b.prisma'],
      datasource: { url: 'postgresql://h/db' },
      previewFeatures: [],
      version: false,
      help: false,
    });
    expect(parseEngineArgs(['--datasource', '{"url":"postgresql://h/db"}', 'cli', 'create-database']).cliCommand).toBe(
      'create-database',
    );
    expect(parseEngineArgs(['--version']).version).toBe(true);
    expect(() => parseEngineArgs(['--what'])).toThrow(/Unknown argument/);
  });
});

describe('helpers', () => {
  it('keeps Prisma error codes of database problems', () => {
    expect(toUserFacingError(new DatabaseProblem('Database `x` does not exist', 'P1003'))).toEqual({
      is_panic: false,
      message: 'Database `x` does not exist',
      error_code: 'P1003',
    });
  });

  it('counts the steps of a rendered migration', () => {
    expect(countMigrationSteps('-- CreateTable\nCREATE TABLE a ();\n\n-- AddForeignKey\nALTER TABLE a;\n')).toBe(2);
    expect(countMigrationSteps('-- This is an empty migration.')).toBe(0);
  });
});
