import { PAYMENT_INTENT_STATUSES, type PaymentIntentStatus } from '../domain/payment-status';
import type { PaymentIntentId, OrderId } from '../domain/ids';
import type { PaymentError } from '../domain/payment-errors';
import type { Result } from '../domain/result';
import type { Money } from '../money/money';
import type { DisputeChange, RefundChange, ReviewChange } from '../webhooks/handlers';

/** Stripe's PaymentIntent statuses (stripe-node's own union, without its open-ended `string` escape hatch). */
export const STRIPE_PAYMENT_INTENT_STATUSES = PAYMENT_INTENT_STATUSES;
export type StripePaymentIntentStatus = PaymentIntentStatus;

/** Why the last attempt failed, as Stripe reported it on the PaymentIntent. */
export interface LastPaymentError {
  /** Stripe's error type: `card_error`, `invalid_request_error`, … */
  type: string;
  code: string | null;
  declineCode: string | null;
  /** Stripe's message (internal; show `customerMessageFor(...)` to customers). */
  message: string | null;
}

/** The parts of a PaymentIntent the system uses, with money as Money and ids branded. */
export interface PaymentIntentSnapshot {
  id: PaymentIntentId;
  status: StripePaymentIntentStatus;
  amount: Money;
  /** Minor units received so far, in `amount`'s currency. */
  amountReceived: number;
  /** Minor units authorised and not captured yet (manual capture, `requires_capture`); 0 otherwise. */
  amountCapturable: number;
  /** `automatic` (or Stripe's `automatic_async`) takes the money at once; `manual` waits for a capture. */
  captureMethod: 'automatic' | 'manual';
  /** For the browser's Payment Element; null only when Stripe did not return it. */
  clientSecret: string | null;
  latestChargeId: string | null;
  /** The Radar review Stripe opened on the payment: its fulfilment waits until the review closes approved. */
  reviewId: string | null;
  lastPaymentError: LastPaymentError | null;
  metadata: Record<string, string>;
  /** Live or test mode. */
  livemode: boolean;
}

export interface CreatePaymentIntentInput {
  /** Integer minor units of a known currency; sent as Stripe's `amount` and lower-case `currency`. */
  amount: Money;
  orderId: OrderId;
  /** Sent as `receipt_email`. */
  email: string;
  description: string;
  /** Required: every write to Stripe carries one, and every retry of it the same one (at most 255 characters). */
  idempotencyKey: string;
  /** Extra metadata; `order_id` is always set from `orderId`. */
  metadata?: Record<string, string>;
  /** The Stripe Customer of a signed-in shopper: the PaymentIntent (and a card saved with it) is theirs. */
  customer?: string;
  /** `manual`: the card is only authorised, and the money taken by `capturePaymentIntent`. Default automatic. */
  captureMethod?: 'automatic' | 'manual';
}

export interface CapturePaymentIntentInput {
  paymentIntentId: PaymentIntentId;
  /** Minor units to take, at most the authorised amount; the rest is released. Undefined: all of it. */
  amountToCapture?: number;
  /** Required, as for every write to Stripe. */
  idempotencyKey: string;
}

export interface CreateCustomerInput {
  /** Our account's id, kept in the Customer's metadata (`storepay_customer_id`). */
  accountId: string;
  email: string;
  /** Derived from the account (`customer-<account id>`): concurrent first checkouts make one Customer. */
  idempotencyKey: string;
}

export interface CreateRefundInput {
  paymentIntentId: PaymentIntentId;
  /** Minor units of the PaymentIntent's currency. */
  amount: number;
  reason: 'requested_by_customer' | 'duplicate' | 'fraudulent';
  /** Our refund row's id, sent as `metadata.storepay_refund_id` so its webhooks update that row (never a second one). */
  ourRefundId: string;
  /** Required, as for every write to Stripe. */
  idempotencyKey: string;
}

export interface CancelPaymentIntentInput {
  paymentIntentId: PaymentIntentId;
  /** Why, as Stripe records it; `abandoned` for an order that expired unpaid. */
  reason: 'abandoned' | 'requested_by_customer' | 'duplicate' | 'fraudulent';
  /** Required, as for every write to Stripe. */
  idempotencyKey: string;
}

/** Payments through Stripe, behind an interface: results, never throws. */
export interface PaymentGateway {
  createPaymentIntent(input: CreatePaymentIntentInput): Promise<Result<PaymentIntentSnapshot, PaymentError>>;
  retrievePaymentIntent(id: PaymentIntentId): Promise<Result<PaymentIntentSnapshot, PaymentError>>;
  /** Every refund Stripe has for the PaymentIntent, read with the webhook handlers' parser (for the drift check). */
  listRefunds(id: PaymentIntentId): Promise<Result<RefundChange[], PaymentError>>;
  /**
   * Every dispute Stripe has for the PaymentIntent, read with the webhook handlers' parser; each one's
   * `eventCreatedAtMs` is when it was read (an API object has no event time; see `readDisputeObject`).
   */
  listDisputes(id: PaymentIntentId): Promise<Result<DisputeChange[], PaymentError>>;
  /** Creates a refund; answers its facts as the webhook handlers read them. */
  createRefund(input: CreateRefundInput): Promise<Result<RefundChange, PaymentError>>;
  /**
   * Cancels a PaymentIntent that can no longer pay (no money moves after it). One that cannot be canceled any more
   * (it succeeded, is processing, or was canceled already) answers `invalid_request` with Stripe's code
   * `payment_intent_unexpected_state` (see `isUnexpectedStateError`).
   */
  cancelPaymentIntent(input: CancelPaymentIntentInput): Promise<Result<PaymentIntentSnapshot, PaymentError>>;
  /**
   * Captures an authorised PaymentIntent (`requires_capture`), all or part. One not in that state answers
   * `invalid_request` with `payment_intent_unexpected_state`.
   */
  capturePaymentIntent(input: CapturePaymentIntentInput): Promise<Result<PaymentIntentSnapshot, PaymentError>>;
  /**
   * Approves an open Radar review (the payment stands); answers the review as the webhook handlers read it, its
   * `eventCreatedAtMs` the time it was answered. A closed review answers `invalid_request`.
   */
  approveReview(input: { reviewId: string; idempotencyKey: string }): Promise<Result<ReviewChange, PaymentError>>;
  /**
   * Writes evidence onto a dispute (fields as Stripe names them; files by their Stripe id), and submits it when
   * `submit` (evidence can be submitted once). Answers the dispute as the handlers read it.
   */
  updateDisputeEvidence(input: {
    disputeId: string;
    evidence: Record<string, string>;
    submit: boolean;
    idempotencyKey: string;
  }): Promise<Result<DisputeChange, PaymentError>>;
  /** Uploads a file to Stripe's Files API for dispute evidence; answers its id (`file_…`). */
  uploadDisputeFile(input: {
    name: string;
    type: string;
    data: Uint8Array;
    idempotencyKey: string;
  }): Promise<Result<{ id: string }, PaymentError>>;
  /** Creates the Stripe Customer of one of our accounts; answers its id. */
  createCustomer(input: CreateCustomerInput): Promise<Result<{ id: string }, PaymentError>>;
  /**
   * A CustomerSession for the Payment Element: it shows the Customer's saved cards (those saved for redisplay) and
   * offers to save a new one. Answers its client secret, for the browser.
   */
  createCustomerSession(input: { customer: string; idempotencyKey: string }): Promise<Result<string, PaymentError>>;
  /** The Customer's saved cards, newest first, and which is their default. */
  listSavedCards(customer: string): Promise<Result<{ cards: SavedCard[]; defaultId: string | null }, PaymentError>>;
  /** Removes a saved card from the Customer (Stripe's detach). */
  detachPaymentMethod(input: { paymentMethod: string; idempotencyKey: string }): Promise<Result<null, PaymentError>>;
  /** Makes a saved card the Customer's default. */
  setDefaultPaymentMethod(input: {
    customer: string;
    paymentMethod: string;
    idempotencyKey: string;
  }): Promise<Result<null, PaymentError>>;
  /** A SetupIntent to save a card for the Customer without paying; answers its client secret. */
  createSetupIntent(input: { customer: string; idempotencyKey: string }): Promise<Result<string, PaymentError>>;
  /**
   * Deletes a Stripe Customer (its saved cards go with it): an erasure. A Customer Stripe no longer has counts as
   * deleted, so a retried erasure succeeds.
   */
  deleteCustomer(input: { customer: string; idempotencyKey: string }): Promise<Result<null, PaymentError>>;
}

/** A card saved to a Customer, as shoppers see it (Stripe never gives more of it). */
export interface SavedCard {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

/** Stripe refused a write because of the object's status (e.g. cancelling a PaymentIntent that succeeded). */
export function isUnexpectedStateError(error: PaymentError): boolean {
  return error.kind === 'invalid_request' && error.code === 'payment_intent_unexpected_state';
}
