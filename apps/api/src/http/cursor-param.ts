import type { CursorCodec } from '@storepay/db';
import { z } from 'zod';

/**
 * A `cursor` query parameter of one keyset list: decoded by that list's codec into the position the next page starts
 * after; anything else (another list's cursor, a tampered one) is a 400 naming the parameter.
 */
export function cursorParam<T>(codec: CursorCodec<T>) {
  return z
    .string()
    .max(500, { error: 'must be a cursor from a previous page' })
    .transform((value, context) => {
      const position = codec.decode(value);
      if (position === null) {
        context.addIssue({ code: 'custom', message: 'must be a cursor from a previous page' });
        return z.NEVER;
      }
      return position;
    });
}
