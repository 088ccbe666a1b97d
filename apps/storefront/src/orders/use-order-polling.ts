import type { OrderView } from '@storepay/payments-core';
import { useCallback, useEffect, useState } from 'react';
import { fetchOrder } from './order-api';
import { isUnsettled } from './order-status-copy';

/** First poll after 0.5 s, then doubling up to 5 s between polls. */
export const POLL_FIRST_DELAY_MS = 500;
export const POLL_MAX_DELAY_MS = 5_000;
/** Polling stops after this long; the page then says the payment is still processing and offers a refresh. */
export const POLL_GIVE_UP_AFTER_MS = 60_000;

/** The wait before poll number `attempt` (0-based). */
export function pollDelay(attempt: number): number {
  return Math.min(POLL_MAX_DELAY_MS, POLL_FIRST_DELAY_MS * 2 ** attempt);
}

export interface OrderPolling {
  order: OrderView;
  /** Polling, because the server's status is still pending, processing or requires_action. */
  polling: boolean;
  /** Polling stopped after POLL_GIVE_UP_AFTER_MS with the order still unsettled. */
  gaveUp: boolean;
  /** Why the last poll failed, while polling goes on; null after a poll that worked. */
  pollError: { error: unknown } | null;
  /** Fetch now and poll again from the start. */
  refresh: () => void;
}

/**
 * Keeps an order up to date from the server while its payment is being decided: GET /api/orders/:id with back-off,
 * until the status settles or POLL_GIVE_UP_AFTER_MS have passed.
 */
export function useOrderPolling(initial: OrderView): OrderPolling {
  const [order, setOrder] = useState(initial);
  const [gaveUp, setGaveUp] = useState(false);
  const [pollError, setPollError] = useState<{ error: unknown } | null>(null);
  // Each refresh starts a new run (run 0 is the page load, whose first fetch the loader already made).
  const [run, setRun] = useState(0);
  const [initiallyUnsettled] = useState(() => isUnsettled(initial.status));
  const orderId = initial.id;

  useEffect(() => {
    if (run === 0 && !initiallyUnsettled) return;
    const controller = new AbortController();
    const startedAt = Date.now();
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;

    async function poll() {
      try {
        const next = await fetchOrder(orderId, { signal: controller.signal });
        if (controller.signal.aborted) return;
        setOrder(next);
        setPollError(null);
        if (!isUnsettled(next.status)) return;
      } catch (error) {
        if (controller.signal.aborted) return;
        setPollError({ error });
      }
      attempt += 1;
      const delay = pollDelay(attempt);
      if (Date.now() - startedAt + delay > POLL_GIVE_UP_AFTER_MS) {
        setGaveUp(true);
        return;
      }
      timer = setTimeout(() => void poll(), delay);
    }

    timer = setTimeout(() => void poll(), run === 0 ? pollDelay(0) : 0);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [orderId, run, initiallyUnsettled]);

  const refresh = useCallback(() => {
    setGaveUp(false);
    setRun((current) => current + 1);
  }, []);

  const polling = isUnsettled(order.status) && !gaveUp && (run > 0 || initiallyUnsettled);
  return { order, polling, gaveUp, pollError, refresh };
}
