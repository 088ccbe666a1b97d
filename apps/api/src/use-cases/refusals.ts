// Every way a use case can say no, in one closed union: the HTTP layer maps each kind through one table
// (http/refusal-http.ts), and the type checker makes sure no kind is left without an answer.
import type {
  AuthorizationActionKind,
  AuthorizationActionStatus,
  PaymentError,
  RefundStatus,
  WebhookRejectionReason,
} from '@storepay/payments-core';
import type { RateLimitName } from './ports';

export type NotFound = {
  kind: 'not_found';
  what:
    | 'order'
    | 'payment'
    | 'refund'
    | 'staff member'
    | 'inbox event'
    | 'notification'
    | 'payment method'
    | 'customer'
    | 'product'
    | 'review'
    | 'dispute';
};

export type Refusal =
  | NotFound
  /** The cart cannot be priced: each field that is wrong, with why. */
  | { kind: 'invalid_cart'; fields: Record<string, string> }
  /** An Idempotency-Key already used for a different request. */
  | { kind: 'idempotency_key_reused'; scope: 'checkout' | 'refund' | 'authorization' }
  /** Stripe refused or could not be reached, before anything was recorded. */
  | { kind: 'payment_failed'; error: PaymentError }
  /** The checkout's key names an order that expired unpaid: a new checkout (a new key) makes a new order. */
  | { kind: 'order_expired' }
  /** Stripe answered a PaymentIntent without its client secret. */
  | { kind: 'payment_setup_failed' }
  | { kind: 'not_refundable'; reason: string }
  | { kind: 'amount_exceeds_refundable'; refundable: number; currency: string }
  /** Stripe refused a refund for good: its row is failed, its amount free again. */
  | { kind: 'refund_refused'; error: PaymentError }
  /** The refund is recorded but Stripe could not be reached: the same request again sends it. */
  | { kind: 'refund_unsent'; error: PaymentError }
  /** The order's payment is not an authorisation waiting for a capture or release (or nothing is authorised). */
  | { kind: 'not_capturable'; reason: string }
  /** Another decision on the authorisation is pending or done (of a concurrent capture and cancel, one wins). */
  | { kind: 'authorization_decided'; action: AuthorizationActionKind; status: AuthorizationActionStatus }
  | { kind: 'amount_exceeds_capturable'; capturable: number; currency: string }
  /** Stripe refused the capture or release for good: the decision is failed, the payment mirrored as Stripe has it. */
  | { kind: 'authorization_refused'; error: PaymentError }
  /** The decision is recorded but Stripe could not be reached: the same request again (or the sweep) sends it. */
  | { kind: 'authorization_unsent'; error: PaymentError }
  /** The dispute is closed (won, lost, …): its evidence can no longer change. */
  | { kind: 'dispute_closed'; status: string }
  /** The evidence was submitted already: Stripe takes it once. */
  | { kind: 'evidence_submitted' }
  | { kind: 'evidence_invalid'; field: string; problem: string }
  | { kind: 'evidence_refused'; error: PaymentError }
  | { kind: 'evidence_unsent'; error: PaymentError }
  /** The review closed at Stripe already (approved there, refunded, disputed): nothing to decide. */
  | { kind: 'review_closed'; closedReason: string }
  /** Another member decided the review first. */
  | { kind: 'review_decided'; decision: 'approved' | 'refused' }
  /** Stripe refused the approval for good. */
  | { kind: 'review_refused'; error: PaymentError }
  /** Stripe could not be reached: nothing was decided; try again. */
  | { kind: 'review_unsent'; error: PaymentError }
  | { kind: 'not_awaiting_approval'; status: RefundStatus }
  | { kind: 'own_request' }
  /** The approver's account was created by the requester (or the other way round): one person, two accounts. */
  | { kind: 'created_by_requester' }
  /** The payment cannot give an approved refund's amount any more (refunded elsewhere since). */
  | { kind: 'no_longer_refundable' }
  | { kind: 'not_sendable'; status: RefundStatus; sent: boolean }
  | { kind: 'invalid_credentials' }
  /** A shopper's sign-in link that is unknown, used already or expired (the three are not told apart). */
  | { kind: 'sign_in_link_invalid' }
  /** Over an abuse limit: try again after this many seconds. */
  | { kind: 'rate_limited'; limit: RateLimitName; retryAfterSeconds: number }
  /** A password staff may not set (too short, too long, the demo's, the current one). */
  | { kind: 'weak_password'; field: string; problem: string }
  /** An admin forced a reset: the member must change their password before anything else. */
  | { kind: 'password_change_required' }
  | { kind: 'email_taken' }
  /** Another product has this slug (its URL in the shop). */
  | { kind: 'slug_taken' }
  /** A product the catalog may not hold (e.g. without any price). */
  | { kind: 'invalid_product'; field: string; problem: string }
  | { kind: 'own_admin_role' }
  | { kind: 'last_admin' }
  /** A worker holds the event right now. */
  | { kind: 'in_progress' }
  /** Only a notification that failed or gave up can be sent again. */
  | { kind: 'notification_not_replayable' }
  | { kind: 'reconciliation_failed'; detail: string }
  | { kind: 'webhooks_not_configured' }
  | { kind: 'webhook_rejected'; reason: WebhookRejectionReason };

export type RefusalKind = Refusal['kind'];

/** One kind of refusal, by its name. */
export type RefusalOf<K extends RefusalKind> = Extract<Refusal, { kind: K }>;

export const notFound = (what: NotFound['what']): NotFound => ({ kind: 'not_found', what });
