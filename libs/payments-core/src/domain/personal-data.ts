// Personal data in what Stripe sends us and in what we keep: how to find it and how to take it out, for the
// retention of raw webhook payloads and for a person's erasure. Pure functions over JSON values.

/**
 * The keys of Stripe's objects whose values are a person's data: contact details (the Customer, a charge's
 * `billing_details`, `shipping`, Checkout's `customer_details`), a card's identifying details, and the shopper's
 * address (IP) where Stripe records it. Amounts, statuses, ids, brands and countries of issue are not personal and stay.
 */
export const PERSONAL_KEYS: ReadonlySet<string> = new Set([
  'email',
  'receipt_email',
  'customer_email',
  'name',
  'customer_name',
  'phone',
  'customer_phone',
  'address',
  'customer_address',
  'shipping',
  'customer_shipping',
  'customer_details',
  'last4',
  'dynamic_last4',
  'exp_month',
  'exp_year',
  'fingerprint',
  'ip_address',
  'ip',
  'user_agent',
]);

/** Keys whose value is free text a person or Stripe may have written someone's details into. */
const FREE_TEXT_KEYS: ReadonlySet<string> = new Set(['description', 'statement_descriptor_suffix']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * `value` with every personal key's value nulled, at any depth (the shape stays: a handler reading a stripped
 * payload finds its ids, amounts and statuses where they were). Answers the same object when nothing was personal.
 */
export function stripPersonalData<T>(value: T): T {
  return strip(value as Json) as T;
}

function strip(value: Json): Json {
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item) => {
      const next = strip(item);
      if (next !== item) changed = true;
      return next;
    });
    return changed ? items : value;
  }
  if (value === null || typeof value !== 'object') return value;
  let changed = false;
  const entries = Object.entries(value).map(([key, item]): [string, Json] => {
    if ((PERSONAL_KEYS.has(key) || FREE_TEXT_KEYS.has(key)) && item !== null) {
      changed = true;
      return [key, null];
    }
    const next = strip(item);
    if (next !== item) changed = true;
    return [key, next];
  });
  return changed ? Object.fromEntries(entries) : value;
}

/**
 * The personal values a JSON value holds (emails, names, phone numbers), at any depth: what else to look for, and
 * take out, in the free text of a person's records once their payloads name them.
 */
export function personalTextIn(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) for (const item of value) personalTextIn(item, found);
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'string' && TEXT_KEYS.has(key) && item.trim().length >= MIN_NEEDLE) found.add(item.trim());
      else personalTextIn(item, found);
    }
  return found;
}

const TEXT_KEYS: ReadonlySet<string> = new Set([
  'email',
  'receipt_email',
  'customer_email',
  'name',
  'customer_name',
  'phone',
  'customer_phone',
]);

/** Shorter values are not searched for in free text: a one-letter "name" would erase every `a`. */
const MIN_NEEDLE = 3;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What stands where a person's data was taken out of free text. */
export const ERASED_TEXT = '[erased]';

/**
 * `text` with every occurrence of each needle (any case) replaced by `[erased]`; the same string when none occurs.
 */
export function eraseFromText(text: string, needles: Iterable<string>): string {
  const patterns = [...new Set([...needles].map((needle) => needle.trim()).filter((n) => n.length >= MIN_NEEDLE))]
    // Longest first: an email is taken out whole before a name inside it.
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  if (patterns.length === 0) return text;
  return text.replace(new RegExp(patterns.join('|'), 'gi'), ERASED_TEXT);
}

/** `value` with the needles taken out of every string in it, at any depth (keys stay). */
export function eraseFromJson<T>(value: T, needles: Iterable<string>): T {
  const list = [...needles];
  const walk = (item: Json): Json => {
    if (typeof item === 'string') return eraseFromText(item, list);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object')
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, walk(inner)]));
    return item;
  };
  return walk(value as Json) as T;
}
