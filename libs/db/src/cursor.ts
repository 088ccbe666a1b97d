/**
 * The one codec for every keyset list's cursor: the sort key of a page's last row, as an opaque string that names
 * its list (so a cursor of one list, or of another sort, is never read as one of another). Each list declares its
 * codec with `keysetCursor(list, toParts, fromParts)`; a cursor that is not one of that list's decodes to null.
 */
export interface CursorCodec<T> {
  encode(position: T): string;
  /** The position a cursor carries, or null when it is not a cursor of this list. */
  decode(cursor: string): T | null;
}

export function keysetCursor<T>(
  list: string,
  toParts: (position: T) => readonly string[],
  fromParts: (parts: readonly string[]) => T | null,
): CursorCodec<T> {
  return {
    encode: (position) => Buffer.from(JSON.stringify([list, ...toParts(position)])).toString('base64url'),
    decode(cursor) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        return null;
      }
      if (!Array.isArray(parsed) || parsed[0] !== list) return null;
      const parts = parsed.slice(1);
      return parts.every((part): part is string => typeof part === 'string') ? fromParts(parts) : null;
    },
  };
}

/** An ISO instant as a cursor part, back to a Date (null when it is not one). */
export function instantPart(value: string | undefined): Date | null {
  if (value === undefined) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}
