import { describe, expect, it } from 'vitest';
import { StripeApiError } from '../wire/errors';
import { parseSearchQuery } from './search-query';

describe('search query parser', () => {
  const fields = { amount: 'number', status: 'string', metadata: 'metadata' } as const;

  it('parses clauses, quotes, negation and joins', () => {
    expect(parseSearchQuery(`metadata['order id']:"12'3" AND -status:'canceled' AND amount>=500`, fields, 'x')).toEqual(
      {
        join: 'AND',
        clauses: [
          { negate: false, field: 'metadata', metadataKey: 'order id', operator: ':', value: "12'3" },
          { negate: true, field: 'status', metadataKey: undefined, operator: ':', value: 'canceled' },
          { negate: false, field: 'amount', metadataKey: undefined, operator: '>=', value: 500 },
        ],
      },
    );
    expect(parseSearchQuery('amount:1 OR amount:2', fields, 'x').join).toBe('OR');
  });

  it('refuses what Stripe refuses', () => {
    for (const query of [
      '',
      'status:succeeded',
      'amount:1 AND amount:2 OR amount:3',
      'metadata:x',
      'status>1',
      "status:'open",
    ]) {
      expect(() => parseSearchQuery(query, fields, 'x'), query).toThrow(StripeApiError);
    }
  });
});
