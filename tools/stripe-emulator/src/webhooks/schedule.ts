/**
 * Stripe's live-mode retry schedule: after a failed attempt, wait this long (in Stripe time, seconds) before the
 * next one. Exponential back-off for up to three days: 1 min, 5 min, 30 min, 2 h, 5 h, then every 10 h.
 * Twelve attempts in all, the last one 67 h 36 min after the first.
 */
export const RETRY_DELAYS_SECONDS: readonly number[] = [
  60, 300, 1_800, 7_200, 18_000, 36_000, 36_000, 36_000, 36_000, 36_000, 36_000,
];

/** Stripe-time seconds to wait after attempt `attempt` (1-based) failed, or null when Stripe gives up. */
export function retryDelaySeconds(attempt: number): number | null {
  return RETRY_DELAYS_SECONDS[attempt - 1] ?? null;
}

/** Wall-clock milliseconds for `seconds` of Stripe time, compressed by the emulator's time factor. */
export function wallClockMs(seconds: number, timeFactor: number): number {
  return (seconds * 1000) / timeFactor;
}
