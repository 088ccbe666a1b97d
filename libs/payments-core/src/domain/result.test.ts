import { describe, expect, it } from 'vitest';
import { err, isErr, isOk, mapResult, ok, type Result } from './result';

describe('Result', () => {
  it('holds a value or an error, told apart by `ok`', () => {
    const good: Result<number, string> = ok(2);
    const bad: Result<number, string> = err('nope');
    expect(good).toEqual({ ok: true, value: 2 });
    expect(bad).toEqual({ ok: false, error: 'nope' });
    expect([isOk(good), isErr(good), isOk(bad), isErr(bad)]).toEqual([true, false, false, true]);
    if (bad.ok) throw new Error('narrowing');
    expect(bad.error.toUpperCase()).toBe('NOPE');
  });

  it('maps values and passes errors through', () => {
    const parse = (text: string): Result<number, string> =>
      /^\d+$/.test(text) ? ok(Number(text)) : err(`not a number: ${text}`);
    expect(mapResult(parse('2'), (n) => n * 10)).toEqual(ok(20));
    const failed = parse('x');
    expect(mapResult(failed, (n) => n * 10)).toBe(failed);
  });
});
