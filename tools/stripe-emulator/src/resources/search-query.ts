import type { StoredObject } from '../state';
import { stripeErrors } from '../wire/errors';
import { int, str, type Params } from '../wire/params';

/**
 * Stripe's Search Query Language, the part the emulator supports: `field:value` (exact), `field~value`
 * (substring), `field>n`, `<`, `>=`, `<=`, `-field:value` (negation), `metadata['key']:'value'`, `null` values,
 * clauses joined by `AND` or by `OR` (not both, as Stripe requires).
 */
export type SearchOperator = ':' | '~' | '>' | '<' | '>=' | '<=';

export interface SearchClause {
  negate: boolean;
  field: string;
  metadataKey?: string;
  operator: SearchOperator;
  value: string | number | null;
}

export interface SearchQuery {
  join: 'AND' | 'OR';
  clauses: SearchClause[];
}

/** The searchable fields of a resource and how they compare: text, number (amount, created) or metadata. */
export type SearchFields = Record<string, 'string' | 'number' | 'metadata'>;

const invalid = (query: string, detail: string) =>
  stripeErrors.invalidParam('query', `Invalid query \`${query}\`: ${detail}`);

function readQuoted(query: string, at: number): { value: string; end: number } {
  const quote = query[at]!;
  let value = '';
  let i = at + 1;
  while (i < query.length && query[i] !== quote) {
    if (query[i] === '\\' && i + 1 < query.length) i++;
    value += query[i];
    i++;
  }
  if (i >= query.length) throw invalid(query, 'a quoted value is not closed.');
  return { value, end: i + 1 };
}

export function parseSearchQuery(query: string, fields: SearchFields, resource: string): SearchQuery {
  const clauses: SearchClause[] = [];
  const joins = new Set<'AND' | 'OR'>();
  let i = 0;
  const skipSpace = () => {
    while (i < query.length && /\s/.test(query[i]!)) i++;
  };
  skipSpace();
  if (i >= query.length) throw invalid(query, 'the query is empty.');
  while (i < query.length) {
    if (clauses.length > 0) {
      const join = /^(AND|OR)\s+/.exec(query.slice(i));
      if (!join) throw invalid(query, `expected AND or OR at position ${i}.`);
      joins.add(join[1] as 'AND' | 'OR');
      i += join[0].length;
    }
    const negate = query[i] === '-';
    if (negate) i++;
    const name = /^[a-z_][a-z0-9_.]*/.exec(query.slice(i));
    if (!name) throw invalid(query, `expected a field name at position ${i}.`);
    const field = name[0];
    i += field.length;
    const kind = fields[field];
    if (!kind) {
      throw stripeErrors.invalidParam(
        'query',
        `Field \`${field}\` is an unsupported search field for resource \`${resource}\`. Supported fields: ${Object.keys(fields).join(', ')}.`,
      );
    }
    let metadataKey: string | undefined;
    if (kind === 'metadata') {
      if (query[i] !== '[' || (query[i + 1] !== "'" && query[i + 1] !== '"')) {
        throw invalid(query, "metadata must be searched as metadata['key'].");
      }
      const key = readQuoted(query, i + 1);
      if (query[key.end] !== ']') throw invalid(query, "metadata must be searched as metadata['key'].");
      metadataKey = key.value;
      i = key.end + 1;
    }
    const operator = /^(>=|<=|:|~|>|<)/.exec(query.slice(i))?.[1] as SearchOperator | undefined;
    if (!operator) throw invalid(query, `expected an operator (:, ~, >, <, >=, <=) after \`${field}\`.`);
    i += operator.length;
    let value: string | number | null;
    if (query[i] === "'" || query[i] === '"') {
      const quoted = readQuoted(query, i);
      value = quoted.value;
      i = quoted.end;
    } else {
      const bare = /^[^\s]+/.exec(query.slice(i))?.[0];
      if (!bare) throw invalid(query, `expected a value after \`${field}${operator}\`.`);
      i += bare.length;
      if (bare === 'null') value = null;
      else if (/^-?\d+$/.test(bare)) value = Number(bare);
      else throw invalid(query, `the value \`${bare}\` must be quoted.`);
    }
    if (operator !== ':' && operator !== '~' && kind !== 'number') {
      throw invalid(query, `\`${field}\` does not support the ${operator} operator.`);
    }
    if (operator === '~' && (typeof value !== 'string' || value.length < 3)) {
      throw invalid(query, 'substring matches (~) need a quoted value of at least 3 characters.');
    }
    clauses.push({ negate, field, metadataKey, operator, value });
    skipSpace();
  }
  if (joins.size > 1) throw invalid(query, 'AND and OR cannot be combined in one query.');
  if (clauses.length > 10) throw invalid(query, 'a query can have at most 10 clauses.');
  return { join: joins.has('OR') ? 'OR' : 'AND', clauses };
}

/** A field's value as the text a query compares with. */
const textOf = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);

function matchesClause(object: StoredObject, clause: SearchClause): boolean {
  const raw =
    clause.metadataKey !== undefined
      ? ((object.metadata as Record<string, string> | null | undefined) ?? {})[clause.metadataKey]
      : object[clause.field];
  const actual =
    raw === undefined ? null : typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : raw;
  const { operator, value } = clause;
  let result: boolean;
  if (value === null) result = actual === null;
  else if (operator === ':') result = actual !== null && textOf(actual).toLowerCase() === String(value).toLowerCase();
  else if (operator === '~')
    result = typeof actual === 'string' && actual.toLowerCase().includes(String(value).toLowerCase());
  else {
    const n = Number(actual);
    const v = Number(value);
    result =
      actual !== null &&
      ((operator === '>' && n > v) ||
        (operator === '<' && n < v) ||
        (operator === '>=' && n >= v) ||
        (operator === '<=' && n <= v));
  }
  return clause.negate ? !result : result;
}

export function matchesSearch(object: StoredObject, query: SearchQuery): boolean {
  return query.join === 'AND'
    ? query.clauses.every((clause) => matchesClause(object, clause))
    : query.clauses.some((clause) => matchesClause(object, clause));
}

export interface SearchResult<T> {
  object: 'search_result';
  data: T[];
  has_more: boolean;
  next_page: string | null;
  url: string;
}

/** Runs `query` over `items` (newest first) with Stripe's `limit` and opaque `page` tokens. */
export function search<T extends StoredObject>(
  items: T[],
  params: Params,
  fields: SearchFields,
  resource: string,
  url: string,
): SearchResult<T> {
  const query = str(params, 'query');
  if (!query) throw stripeErrors.missingParam('query');
  const parsed = parseSearchQuery(query, fields, resource);
  const limit = int(params, 'limit') ?? 10;
  if (limit < 1 || limit > 100) {
    throw stripeErrors.invalidParam(
      'limit',
      'This value must be greater than or equal to 1 and less than or equal to 100.',
    );
  }
  const page = str(params, 'page');
  let offset = 0;
  if (page) {
    const decoded = /^offset:(\d+)$/.exec(Buffer.from(page, 'base64url').toString('utf8'));
    if (!decoded) throw stripeErrors.invalidParam('page', `Invalid page: ${page}`);
    offset = Number(decoded[1]);
  }
  const matches = items.filter((item) => matchesSearch(item, parsed));
  const data = matches.slice(offset, offset + limit);
  const hasMore = matches.length > offset + limit;
  return {
    object: 'search_result',
    data,
    has_more: hasMore,
    next_page: hasMore ? Buffer.from(`offset:${offset + limit}`).toString('base64url') : null,
    url,
  };
}
