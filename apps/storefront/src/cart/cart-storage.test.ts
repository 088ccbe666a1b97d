import { MAX_ORDER_LINES, MAX_QUANTITY } from '@storepay/payments-core';
import { describe, expect, it } from 'vitest';
import {
  addLine,
  clampQuantity,
  itemCount,
  MAX_CART_LINES,
  MAX_CART_QUANTITY,
  parseCart,
  removeLines,
  serializeCart,
  setLineQuantity,
} from './cart-storage';

describe('cart storage', () => {
  it("uses the checkout contract's bounds (kept as local constants so the initial bundle stays free of zod)", () => {
    expect(MAX_CART_QUANTITY).toBe(MAX_QUANTITY);
    expect(MAX_CART_LINES).toBe(MAX_ORDER_LINES);
  });

  it('round-trips product ids and quantities only', () => {
    const lines = [
      { productId: 'a', quantity: 2 },
      { productId: 'b', quantity: 1 },
    ];
    expect(parseCart(serializeCart(lines))).toEqual(lines);
    expect(JSON.parse(serializeCart(lines))).toEqual({ version: 1, lines });
  });

  it('reads a damaged or tampered-with cart safely', () => {
    expect(parseCart(null)).toEqual([]);
    expect(parseCart('not json')).toEqual([]);
    expect(parseCart('{"lines": "nope"}')).toEqual([]);
    expect(
      parseCart(
        JSON.stringify({
          lines: [
            { productId: 'a', quantity: 500 },
            { productId: 'b', quantity: 2.7 },
            { productId: 'a', quantity: 1 },
            { productId: 'c', quantity: 0 },
            { productId: 'd', quantity: '3' },
            { productId: 42, quantity: 1 },
            { productId: 'e', quantity: 1, unitAmount: 1 },
            null,
          ],
        }),
      ),
    ).toEqual([
      { productId: 'a', quantity: 99 },
      { productId: 'b', quantity: 2 },
      { productId: 'e', quantity: 1 },
    ]);
  });

  it('keeps at most 50 lines', () => {
    const lines = Array.from({ length: 60 }, (_, index) => ({ productId: `p${index}`, quantity: 1 }));
    expect(parseCart(serializeCart(lines))).toHaveLength(50);
  });

  it('clamps quantities to 1..99', () => {
    expect([0, 1, 50, 99, 100, -3, 2.9, Number.NaN, Infinity].map(clampQuantity)).toEqual([
      1, 1, 50, 99, 99, 1, 2, 1, 1,
    ]);
  });

  it('adds, merges, stops at 99 and at 50 products', () => {
    let [lines, result] = addLine([], 'a');
    expect(result).toBe('added');
    [lines, result] = addLine(lines, 'a', 97);
    expect([lines, result]).toEqual([[{ productId: 'a', quantity: 98 }], 'added']);
    [lines, result] = addLine(lines, 'a', 5);
    expect([lines, result]).toEqual([[{ productId: 'a', quantity: 99 }], 'added']);
    [lines, result] = addLine(lines, 'a');
    expect([lines, result]).toEqual([[{ productId: 'a', quantity: 99 }], 'at-max-quantity']);

    const full = Array.from({ length: 50 }, (_, index) => ({ productId: `p${index}`, quantity: 1 }));
    expect(addLine(full, 'new')[1]).toBe('cart-full');
    expect(addLine(full, 'p3')).toEqual([full.map((l) => (l.productId === 'p3' ? { ...l, quantity: 2 } : l)), 'added']);
  });

  it('sets quantities within bounds, removes lines and counts items', () => {
    const lines = [
      { productId: 'a', quantity: 2 },
      { productId: 'b', quantity: 3 },
    ];
    expect(setLineQuantity(lines, 'a', 120)).toEqual([
      { productId: 'a', quantity: 99 },
      { productId: 'b', quantity: 3 },
    ]);
    expect(setLineQuantity(lines, 'b', 0)[1]).toEqual({ productId: 'b', quantity: 1 });
    expect(removeLines(lines, ['a'])).toEqual([{ productId: 'b', quantity: 3 }]);
    expect(itemCount(lines)).toBe(5);
  });
});
