/** A control-API failure, answered as `{error: {message}}` with `status`. */
export class ControlError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

export type Body = Record<string, unknown>;

/** The JSON (or form) body as an object; an empty body is `{}`. */
export function bodyOf(raw: unknown): Body {
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ControlError(400, 'The body must be a JSON object.');
  return raw as Body;
}

export function optionalString(body: Body, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') throw new ControlError(400, `${name} must be a non-empty string.`);
  return value;
}

export function requiredString(body: Body, name: string): string {
  const value = optionalString(body, name);
  if (value === undefined) throw new ControlError(400, `${name} is required.`);
  return value;
}

/** A whole number from JSON (`5`) or a form/query string (`"5"`), at least `min`. */
export function optionalInt(body: Body, name: string, min: number): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < min) {
    throw new ControlError(400, `${name} must be an integer >= ${min}, got ${JSON.stringify(value)}.`);
  }
  return number;
}

export function oneOfValues<T extends string>(body: Body, name: string, allowed: readonly T[]): T {
  const value = requiredString(body, name);
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ControlError(400, `${name} must be one of ${allowed.join(', ')}, got "${value}".`);
  }
  return value as T;
}
