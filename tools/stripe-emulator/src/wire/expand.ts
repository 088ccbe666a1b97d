import type { ObjectStore } from '../state';
import { stripeErrors } from './errors';

/** Removes emulator-internal fields (names starting with `_`) before an object goes on the wire. */
export function stripInternal<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripInternal) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !key.startsWith('_'))
        .map(([key, inner]) => [key, stripInternal(inner)]),
    ) as T;
  }
  return value;
}

function expandPath(value: unknown, segments: string[], store: ObjectStore, fullPath: string): unknown {
  if (segments.length === 0) return value;
  if (Array.isArray(value)) return value.map((item) => expandPath(item, segments, store, fullPath));
  if (!value || typeof value !== 'object') return value;
  const [head, ...rest] = segments as [string, ...string[]];
  const record = value as Record<string, unknown>;
  if (!(head in record)) {
    throw stripeErrors.invalidRequest(`This property cannot be expanded (${fullPath}).`, 'parameter_invalid', {
      param: 'expand',
    });
  }
  let inner = record[head];
  if (typeof inner === 'string') {
    const found = store.get(inner);
    if (found) inner = structuredClone(found);
  }
  return { ...record, [head]: expandPath(inner, rest, store, fullPath) };
}

/** Replaces ids with the objects they name along each `expand[]` path (`latest_charge`, `data.payment_method`). */
export function expand<T>(value: T, paths: string[], store: ObjectStore): T {
  let result: unknown = value;
  for (const path of paths) {
    if (path.split('.').length > 4) {
      throw stripeErrors.invalidRequest('You cannot expand more than 4 levels of a property.', 'parameter_invalid');
    }
    result = expandPath(result, path.split('.'), store, path);
  }
  return result as T;
}
