import { describe, expect, it } from 'vitest';
import {
  chooseSchemaEngine,
  findNativeSchemaEngine,
  prismaEnvironment,
  schemaEngineStandInPath,
} from './schema-engine-choice.ts';

describe('chooseSchemaEngine', () => {
  it('keeps a binary the user named', async () => {
    expect(await chooseSchemaEngine({ PRISMA_SCHEMA_ENGINE_BINARY: '/opt/schema-engine' })).toEqual({
      kind: 'user',
      path: '/opt/schema-engine',
      variable: 'PRISMA_SCHEMA_ENGINE_BINARY',
    });
  });

  it('uses the stand-in when asked to, or when the native binary is missing', async () => {
    expect(await chooseSchemaEngine({ PRISMA_OFFLINE_ENGINE: 'wasm' })).toEqual({
      kind: 'wasm',
      path: schemaEngineStandInPath,
    });
    const native = await findNativeSchemaEngine();
    const auto = await chooseSchemaEngine({});
    expect(auto).toEqual(native ? { kind: 'native', path: native } : { kind: 'wasm', path: schemaEngineStandInPath });
  });

  it('rejects an unknown mode', async () => {
    await expect(chooseSchemaEngine({ PRISMA_OFFLINE_ENGINE: 'maybe' })).rejects.toThrow(/auto, wasm or native/);
  });
});

describe('prismaEnvironment', () => {
  it('disables update checks and sets the engine only for the stand-in', () => {
    const wasm = prismaEnvironment({ PATH: '/bin' }, { kind: 'wasm', path: '/x/schema-engine.mjs' });
    expect(wasm).toMatchObject({
      PATH: '/bin',
      CHECKPOINT_DISABLE: '1',
      PRISMA_SCHEMA_ENGINE_BINARY: '/x/schema-engine.mjs',
    });
    const native = prismaEnvironment({}, { kind: 'native', path: '/n/schema-engine-debian-openssl-3.0.x' });
    expect(native).toEqual({ CHECKPOINT_DISABLE: '1' });
  });
});
