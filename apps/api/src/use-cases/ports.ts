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
