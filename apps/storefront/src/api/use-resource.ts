import { useCallback, useEffect, useEffectEvent, useState } from 'react';

export type Resource<T> =
  | { status: 'loading' }
  | { status: 'error'; error: unknown; retrying: boolean; retry: () => void }
  | { status: 'ready'; data: T; reload: () => void };

interface Settled<T> {
  key: string;
  attempt: number;
  outcome: { ok: true; data: T } | { ok: false; error: unknown };
}

/**
 * Loads what a page shows (GET requests through the API client) when the page mounts or `key` changes, aborting the
 * request when the page goes away. A failure can be retried: the error stays on screen, marked as retrying.
 */
export function useResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const run = useEffectEvent((signal: AbortSignal) => load(signal));

  useEffect(() => {
    const controller = new AbortController();
    run(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ key, attempt, outcome: { ok: true, data } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setSettled({ key, attempt, outcome: { ok: false, error } });
      },
    );
    return () => controller.abort();
  }, [key, attempt]);

  const again = useCallback(() => setAttempt((current) => current + 1), []);

  if (!settled || settled.key !== key) return { status: 'loading' };
  if (!settled.outcome.ok) {
    return { status: 'error', error: settled.outcome.error, retrying: settled.attempt !== attempt, retry: again };
  }
  return { status: 'ready', data: settled.outcome.data, reload: again };
}
