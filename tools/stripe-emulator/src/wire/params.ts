import { stripeErrors } from './errors';

/** Form-decoded parameters: strings, nested records and arrays, as `qs` produces them from bracket notation. */
export type Params = { [key: string]: ParamValue };
export type ParamValue = string | Params | ParamValue[] | undefined;

export function str(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw stripeErrors.invalidParam(name, `Invalid string: ${JSON.stringify(value)}`);
  return value;
}

export function requiredStr(params: Params, name: string): string {
  const value = str(params, name);
  if (value === undefined || value === '') throw stripeErrors.missingParam(name);
  return value;
}

export function int(params: Params, name: string): number | undefined {
  const value = str(params, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw stripeErrors.invalidParam(name, `Invalid integer: ${value}`);
  }
  return Number(value);
}

export function requiredInt(params: Params, name: string): number {
  const value = int(params, name);
  if (value === undefined) throw stripeErrors.missingParam(name);
  return value;
}

export function bool(params: Params, name: string): boolean | undefined {
  const value = str(params, name);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw stripeErrors.invalidParam(name, `Invalid boolean: ${value}`);
  return value === 'true';
}

export function record(params: Params, name: string): Params | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw stripeErrors.invalidParam(name, `Invalid object: ${name} must be a hash`);
  }
  return value;
}

export function strList(params: Params, name: string): string[] | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : typeof value === 'object' ? Object.values(value) : [value];
  return list.map((item) => {
    if (typeof item !== 'string') throw stripeErrors.invalidParam(name, `Invalid array: ${name}`);
    return item;
  });
}

export function oneOf<T extends string>(params: Params, name: string, allowed: readonly T[]): T | undefined {
  const value = str(params, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw stripeErrors.invalidParam(name, `Invalid ${name}: must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** Refuses parameters the endpoint does not know, as Stripe does (`Received unknown parameter: x`). */
export function allowOnly(params: Params, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) throw stripeErrors.unknownParam(key);
  }
}

/**
 * Applies Stripe's metadata rules: `metadata[key]=value` sets, `metadata[key]=` unsets, `metadata=` clears all.
 * At most 50 keys, keys up to 40 characters, values up to 500.
 */
export function mergeMetadata(current: Record<string, string>, params: Params): Record<string, string> {
  const value = params.metadata;
  if (value === undefined) return current;
  if (value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw stripeErrors.invalidParam('metadata', 'Invalid object: metadata must be a hash');
  }
  const next = { ...current };
  for (const [key, raw] of Object.entries(value)) {
    if (typeof raw !== 'string') throw stripeErrors.invalidParam(`metadata[${key}]`, 'Invalid string');
    if (key.length > 40)
      throw stripeErrors.invalidParam(`metadata[${key}]`, 'Metadata keys can be up to 40 characters');
    if (raw.length > 500)
      throw stripeErrors.invalidParam(`metadata[${key}]`, 'Metadata values can be up to 500 characters');
    if (raw === '') delete next[key];
    else next[key] = raw;
  }
  if (Object.keys(next).length > 50) throw stripeErrors.invalidParam('metadata', 'Metadata can have up to 50 keys');
  return next;
}
