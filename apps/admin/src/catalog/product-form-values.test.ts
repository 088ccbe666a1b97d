import { describe, expect, it } from 'vitest';
import { mug, tote } from '../test/fixtures';
import {
  buildCreateRequest,
  buildUpdateRequest,
  emptyProductValues,
  fieldMessage,
  productFormValues,
} from './product-form-values';

describe('product form values', () => {
  it('start an edit with each price in major units, and no other currency', () => {
    const values = productFormValues(mug);
    expect(values.prices).toEqual({ usd: '18.50', eur: '', gbp: '', jpy: '2800', krw: '', kwd: '', bhd: '' });
    expect(values.imageUrl).toBe('https://images.example.test/mug.jpg');
  });

  it('make a create request in minor units with each currency’s exponent', () => {
    const values = {
      ...emptyProductValues(),
      slug: 'brass-spoon',
      name: 'Brass spoon',
      description: 'For tea.',
      prices: { ...emptyProductValues().prices, usd: '24.5', jpy: '3600', krw: '12000', bhd: '0.500' },
    };
    expect(buildCreateRequest(values)).toEqual({
      ok: true,
      request: {
        slug: 'brass-spoon',
        name: 'Brass spoon',
        description: 'For tea.',
        prices: { usd: 2450, jpy: 3600, krw: 12000, bhd: 500 },
      },
    });
    expect(buildCreateRequest({ ...values, prices: { ...values.prices, kwd: '1.2345' } })).toEqual({
      ok: false,
      errors: { 'prices.kwd': 'KWD takes up to 3 decimals' },
    });
  });

  it('send nothing for a price typed differently but worth the same, null for an emptied one', () => {
    const values = productFormValues(tote);
    expect(buildUpdateRequest(tote, { ...values, prices: { ...values.prices, usd: '24', eur: '22.5' } })).toEqual({
      ok: true,
      request: {},
    });
    expect(
      buildUpdateRequest(tote, {
        ...values,
        name: ' Linen tote ',
        prices: { ...values.prices, jpy: '', gbp: '19.99' },
      }),
    ).toEqual({ ok: true, request: { prices: { gbp: 1999, jpy: null } } });
    expect(buildUpdateRequest(mug, { ...productFormValues(mug), imageUrl: ' ' })).toEqual({
      ok: true,
      request: { imageUrl: null },
    });
  });

  it('name the field in its message, and the prices as a whole on their own', () => {
    expect(fieldMessage('slug', 'is taken')).toBe('Slug is taken');
    expect(fieldMessage('prices.jpy', 'must be more than 0')).toBe('Price in JPY must be more than 0');
    expect(fieldMessage('prices', 'cannot remove the last price')).toBe('Cannot remove the last price');
  });
});
