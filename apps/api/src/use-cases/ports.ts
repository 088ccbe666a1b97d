// What every use case may take besides repositories and the payment gateway: time and a place to log.
import type { Actor, AuditEntry } from '@storepay/db';

/** The time, injected so rules that depend on it (leases, ages, expiry) are tested without waiting. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** The part of a pino logger a use case writes to. */
export interface Logger {
  debug(object: object, message: string): void;
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** An audit entry made by `actor` (null: the system itself, e.g. a schedule). */
export function auditBy(actor: Actor | null, entry: Omit<AuditEntry, 'actorId' | 'actorEmail' | 'ip'>): AuditEntry {
  return { ...entry, actorId: actor?.id ?? null, actorEmail: actor?.email ?? null, ip: actor?.ip ?? null };
}

/**
 * The abuse limits, each a budget of requests per window for one key (an address, an email, an order). Shared by
 * every API process when they share a Redis (REDIS_URL), per process otherwise.
 */
export const RATE_LIMIT_NAMES = [
  /** Checkouts per client address: the card-testing defence. */
  'checkout_ip',
  /** Checkouts per email. */
  'checkout_email',
  /** Order reads per client address. */
  'order_read_ip',
  /** Refreshes of one order from Stripe (a budget of 1 per ORDER_REFRESH_INTERVAL_SECONDS). */
  'order_refresh',
  /** Admin sign-in attempts per client address, whatever the account. */
  'sign_in_ip',
  /** Admin sign-in attempts per email, whatever the address. */
  'sign_in_account',
  /** Shopper sign-in links asked for per client address. */
  'shopper_link_ip',
  /** Shopper sign-in links asked for per email, whatever the address (the same budget for every email). */
  'shopper_link_email',
] as const;
export type RateLimitName = (typeof RATE_LIMIT_NAMES)[number];

export interface RateLimitRule {
  points: number;
  /** The budget's window: at most MAX_LIMIT_SECONDS. */
  seconds: number;
}
/** The longest window of a budget: a day (and within what a Node timer can wait, which the memory store uses). */
export const MAX_LIMIT_SECONDS = 24 * 60 * 60;

export interface RateLimits {
  /** Takes one from `name`'s budget for `key`: null when allowed, else the seconds until the budget allows one. */
  take(name: RateLimitName, key: string): Promise<number | null>;
}

/** Who a failed sign-in counts against: the email, the email from one address, or the address. */
export type ThrottleScope = 'account' | 'pair' | 'address';

/**
 * Failure counting with waits that grow (the sign-in throttle): the counts decay after a day without failures, and
 * an admin's unlock forgets an account's.
 */
export interface FailureThrottle {
  /** How long `key` must still wait before its next attempt counts (0: it may try now). */
  waitMs(scope: ThrottleScope, key: string): Promise<number>;
  /** Counts a failure; answers the failures so far. */
  fail(scope: ThrottleScope, key: string): Promise<number>;
  /** Makes `key` wait `ms` before its next attempt. */
  block(scope: ThrottleScope, key: string, ms: number): Promise<void>;
  /** Forgets `key`'s failures and wait. */
  clear(scope: ThrottleScope, key: string): Promise<void>;
  /** A number that changes on each `bump`: keys that embed it are forgotten together. */
  generation(key: string): Promise<number>;
  bump(key: string): Promise<void>;
}
