import type { StoredObject } from '../state';
import { stripeErrors } from './errors';
import { int, record, str, type Params } from './params';

export interface StripeList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/** Applies Stripe's `created` filter: `created=123` or `created[gt|gte|lt|lte]=123`. */
export function matchesCreated(params: Params, created: number, name = 'created'): boolean {
  const exact = params[name];
  if (exact === undefined) return true;
  if (typeof exact === 'string') {
    const value = int(params, name)!;
    return created === value;
  }
  const range = record(params, name) ?? {};
  const bound = (op: string) => int(range, op);
  const [gt, gte, lt, lte] = [bound('gt'), bound('gte'), bound('lt'), bound('lte')];
  for (const key of Object.keys(range)) {
    if (!['gt', 'gte', 'lt', 'lte'].includes(key)) throw stripeErrors.unknownParam(`${name}[${key}]`);
  }
  return (
    (gt === undefined || created > gt) &&
    (gte === undefined || created >= gte) &&
    (lt === undefined || created < lt) &&
    (lte === undefined || created <= lte)
  );
}

/**
 * A list endpoint's answer: the objects (newest first) whose fields equal the `filters` given in `params` (an
 * absent filter matches all), within the `created` range, one page of them.
 */
export function listMatching<T extends StoredObject>(
  items: T[],
  params: Params,
  url: string,
  filters: readonly (keyof T & string)[],
): StripeList<T> {
  const wanted = filters
    .map((field) => [field, str(params, field)] as const)
    .filter((entry): entry is readonly [keyof T & string, string] => entry[1] !== undefined && entry[1] !== '');
  const matching = items.filter(
    (item) => wanted.every(([field, value]) => item[field] === value) && matchesCreated(params, item.created),
  );
  return paginate(matching, params, url);
}

/**
 * Cursor pagination over `items` (already filtered, newest first): `limit` (1-100, default 10),
 * `starting_after` (older than that id) or `ending_before` (newer than that id), and `has_more`.
 */
export function paginate<T extends StoredObject>(items: T[], params: Params, url: string): StripeList<T> {
  const limit = int(params, 'limit') ?? 10;
  if (limit < 1 || limit > 100) {
    throw stripeErrors.invalidParam(
      'limit',
      'This value must be greater than or equal to 1 and less than or equal to 100.',
    );
  }
  const startingAfter = str(params, 'starting_after');
  const endingBefore = str(params, 'ending_before');
  if (startingAfter && endingBefore) {
    throw stripeErrors.invalidRequest('You may only specify one of these parameters: ending_before, starting_after.');
  }
  if (startingAfter) {
    const index = items.findIndex((item) => item.id === startingAfter);
    if (index < 0) throw stripeErrors.missing('object', startingAfter, 'starting_after');
    const rest = items.slice(index + 1);
    return { object: 'list', data: rest.slice(0, limit), has_more: rest.length > limit, url };
  }
  if (endingBefore) {
    const index = items.findIndex((item) => item.id === endingBefore);
    if (index < 0) throw stripeErrors.missing('object', endingBefore, 'ending_before');
    const before = items.slice(0, index);
    const start = Math.max(0, before.length - limit);
    return { object: 'list', data: before.slice(start), has_more: start > 0, url };
  }
  return { object: 'list', data: items.slice(0, limit), has_more: items.length > limit, url };
}
