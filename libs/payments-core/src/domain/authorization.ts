/**
 * Manual capture: an order's card is authorised at checkout (the money is held, not taken), and staff capture all
 * or part of it when the goods ship, or release it. Browser-safe: the admin shows the deadlines and checks amounts.
 */

/** How a shop takes payments (`CAPTURE_METHOD`): at once, or authorised first and captured by staff. */
export const CAPTURE_METHODS = ['automatic', 'manual'] as const;
export type CaptureMethod = (typeof CAPTURE_METHODS)[number];

/**
 * What happens to an authorisation about to lapse (`AUTHORIZATION_EXPIRY_ACTION`): released (the order is
 * canceled, the shopper keeps their money) or captured in full (the shop takes it before it is lost).
 */
export const AUTHORIZATION_EXPIRY_ACTIONS = ['cancel', 'capture'] as const;
export type AuthorizationExpiryAction = (typeof AUTHORIZATION_EXPIRY_ACTIONS)[number];

/** How long a card authorisation holds when Stripe does not say (`capture_before`): seven days, as for cards. */
export const AUTHORIZATION_VALIDITY_MS = 7 * 24 * 60 * 60_000;

/** Authorisations lapsing within this window are listed as expiring (the admin's warning). */
export const AUTHORIZATION_WARNING_MS = 24 * 60 * 60_000;

/**
 * The expiry sweep acts on an authorisation this long before it lapses, so Stripe still accepts the capture or
 * cancel (after `capture_before`, Stripe cancels it by itself and nothing can be captured).
 */
export const AUTHORIZATION_SWEEP_LEAD_MS = 60 * 60_000;

/** The two decisions on an authorisation. */
export const AUTHORIZATION_ACTION_KINDS = ['capture', 'cancel'] as const;
export type AuthorizationActionKind = (typeof AUTHORIZATION_ACTION_KINDS)[number];

export const AUTHORIZATION_ACTION_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type AuthorizationActionStatus = (typeof AUTHORIZATION_ACTION_STATUSES)[number];

/** The reason recorded when the expiry sweep, not staff, decided. */
export const AUTHORIZATION_EXPIRING_REASON = 'authorization_expiring';

/** Whether an authorisation lapsing at `captureBefore` is within `windowMs` of `now` (or lapsed already). */
export function isAuthorizationExpiring(captureBefore: Date, now: Date, windowMs = AUTHORIZATION_WARNING_MS): boolean {
  return captureBefore.getTime() - now.getTime() <= windowMs;
}

export type CaptureAmountProblem =
  | { kind: 'nothing_capturable' }
  | { kind: 'amount_exceeds_capturable'; capturable: number }
  | { kind: 'invalid_amount' };

/**
 * The amount a capture takes: `requested` (minor units), or everything capturable when it is undefined. It must be
 * a positive whole number of minor units no greater than what the authorisation holds.
 */
export function captureAmount(
  capturable: number,
  requested: number | undefined,
): { ok: true; amount: number } | { ok: false; problem: CaptureAmountProblem } {
  if (capturable <= 0) return { ok: false, problem: { kind: 'nothing_capturable' } };
  if (requested === undefined) return { ok: true, amount: capturable };
  if (!Number.isSafeInteger(requested) || requested <= 0) return { ok: false, problem: { kind: 'invalid_amount' } };
  if (requested > capturable) return { ok: false, problem: { kind: 'amount_exceeds_capturable', capturable } };
  return { ok: true, amount: requested };
}
