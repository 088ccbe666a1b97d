/** One HTTP attempt to deliver an event to an endpoint, as `/_emulator/webhook-attempts` lists it. */
export interface WebhookAttempt {
  id: string;
  /** The delivery this attempt belongs to; a `duplicate` fault makes two deliveries of one event to one endpoint. */
  delivery: string;
  event: string;
  eventType: string;
  endpoint: string;
  url: string;
  /** 1 for the first attempt of a delivery, 2 for its first retry, ... */
  attempt: number;
  /** When the attempt was due and when it started (wall clock, ms since the epoch). */
  scheduledAt: number;
  startedAt: number;
  durationMs: number;
  /** The receiver's HTTP status; null on timeout or connection error. */
  status: number | null;
  /** Why the attempt failed without a status (timeout, connection refused, ...). */
  error: string | null;
  /** The first 1 KB of the receiver's response body. */
  responseBody: string;
  succeeded: boolean;
  /** When the next retry is due (wall clock, ms); null after a success or when Stripe's schedule has run out. */
  nextAttemptAt: number | null;
  /** The Stripe-time delay before that retry, in seconds (60, 300, 1800, ...). */
  nextRetryInSeconds: number | null;
}

export interface AttemptFilter {
  event?: string;
  endpoint?: string;
}
