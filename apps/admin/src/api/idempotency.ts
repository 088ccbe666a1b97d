import { newIdempotencyKey } from '@storepay/payments-core';
import { useState } from 'react';
import { definitelyRejected } from './api-client';

export interface IdempotencyKeys {
  /**
   * The Idempotency-Key to send `request` with: the previous key while the same request is sent again after a
   * failure that may have acted (no answer, a 5xx, a 409, a 429), a new one for a new or a changed request.
   */
  keyFor: (request: unknown) => string;
  /** After an answer: a success, or a failure `renewAfter` accepts, ends the request (the next one gets a new key). */
  settle: (error: unknown) => void;
}

/**
 * One Idempotency-Key per request, kept across retries: a double submit or a retry after a network error makes one
 * write, and a request changed in between (another amount) is a new one, never a reuse the API would refuse.
 * `renewAfter` (read once) says which failures certainly created nothing (default: `definitelyRejected`).
 */
export function useIdempotencyKeys(renewAfter: (error: unknown) => boolean = definitelyRejected): IdempotencyKeys {
  const [keys] = useState<IdempotencyKeys>(() => {
    let last: { key: string; request: string } | null = null;
    return {
      keyFor: (request) => {
        const signature = JSON.stringify(request);
        if (last?.request !== signature) last = { key: newIdempotencyKey(), request: signature };
        return last.key;
      },
      settle: (error) => {
        if (error === null || error === undefined || renewAfter(error)) last = null;
      },
    };
  });
  return keys;
}
