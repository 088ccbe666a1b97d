/**
 * Whether an event `type` matches `pattern`: `*` matches everything, a `*` inside a pattern matches any run of
 * characters (`payment_intent.*`), anything else must be equal. Used by `GET /v1/events?type=` and endpoint routing.
 */
export function eventTypeMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*')) return pattern === type;
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(type);
}

/** An event name as Stripe spells them: dot-separated lowercase words (`charge.dispute.created`). */
export const EVENT_TYPE_SHAPE = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;
