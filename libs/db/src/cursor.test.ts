import { describe, expect, it } from 'vitest';
import { instantPart, keysetCursor } from './cursor';

const byTime = keysetCursor<{ at: Date; id: string }>(
  'things',
  (p) => [p.at.toISOString(), p.id],
  ([at, id]) => {
    const instant = instantPart(at);
    return instant && id ? { at: instant, id } : null;
  },
);

describe('keysetCursor', () => {
  it('gives back the position it encoded', () => {
    const position = { at: new Date('2026-11-01T10:00:00.123Z'), id: 'b7a1' };
    expect(byTime.decode(byTime.encode(position))).toEqual(position);
  });

  it("refuses another list's cursor, a tampered one and garbage", () => {
    const other = keysetCursor<string>(
      'other',
      (id) => [id],
      ([id]) => id ?? null,
    );
    expect(byTime.decode(other.encode('x'))).toBeNull();
    expect(byTime.decode('not-a-cursor')).toBeNull();
    expect(byTime.decode(Buffer.from('["things",1,2]').toString('base64url'))).toBeNull();
    expect(byTime.decode(Buffer.from('["things","yesterday","x"]').toString('base64url'))).toBeNull();
    expect(byTime.decode('')).toBeNull();
  });
});
