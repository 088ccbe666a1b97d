/** When a failed webhook event is tried again: exponential backoff with full jitter, capped. */
export interface RetryPolicy {
  /** After this many attempts the event is dead and keeps its last error. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000 };

/**
 * The delay before attempt `attempts + 1`, after `attempts` failed ones (1 or more): base · 2^(attempts-1), capped,
 * then jittered into [half, full] so failed events of a burst do not all come back in the same instant.
 * `random` returns a number in [0, 1) (Math.random in production).
 */
export function retryDelayMs(
  attempts: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random = Math.random,
): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  const ceiling = Math.min(policy.baseDelayMs * 2 ** exponent, policy.maxDelayMs);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** What becomes of an event whose processing failed on attempt `attempts`. */
export function failureOutcome(
  attempts: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random = Math.random,
): { status: 'failed'; retryInMs: number } | { status: 'dead' } {
  return attempts >= policy.maxAttempts
    ? { status: 'dead' }
    : { status: 'failed', retryInMs: retryDelayMs(attempts, policy, random) };
}
