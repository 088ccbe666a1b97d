// The cart as stored in localStorage: product ids and quantities only. Prices are never stored (the catalog gives
// them for display and the server prices the order), and neither is the currency (the switcher's choice applies).
// Deliberately free of zod and of payments-core's contract module: this file is part of the initial bundle.

export const CART_STORAGE_KEY = 'storepay.storefront.cart';

/** Most items of one product; the same bound as payments-core's MAX_QUANTITY (a test keeps them equal). */
export const MAX_CART_QUANTITY = 99;
/** Most distinct products; the same bound as payments-core's MAX_ORDER_LINES (a test keeps them equal). */
export const MAX_CART_LINES = 50;

export interface CartLine {
  readonly productId: string;
  readonly quantity: number;
}

/** A whole number of items within 1..99; anything else is clamped, and what is not a number gives 1. */
export function clampQuantity(quantity: number): number {
  if (!Number.isFinite(quantity)) return 1;
  return Math.min(MAX_CART_QUANTITY, Math.max(1, Math.trunc(quantity)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Reads what a (possibly older or tampered-with) stored cart holds: lines with a product id and a quantity, merged
 * per product, quantities clamped to 1..99, at most 50 lines. Anything unreadable gives an empty cart.
 */
export function parseCart(raw: string | null): CartLine[] {
  if (!raw) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  const lines = isRecord(value) && Array.isArray(value['lines']) ? (value['lines'] as unknown[]) : [];
  const quantities = new Map<string, number>();
  for (const line of lines) {
    if (!isRecord(line)) continue;
    const { productId, quantity } = line;
    if (typeof productId !== 'string' || productId.length === 0 || productId.length > 64) continue;
    if (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity < 1) continue;
    if (!quantities.has(productId) && quantities.size >= MAX_CART_LINES) continue;
    quantities.set(productId, clampQuantity((quantities.get(productId) ?? 0) + quantity));
  }
  return [...quantities].map(([productId, quantity]) => ({ productId, quantity }));
}

export function serializeCart(lines: readonly CartLine[]): string {
  return JSON.stringify({ version: 1, lines });
}

export function readStoredCart(): CartLine[] {
  try {
    return parseCart(window.localStorage.getItem(CART_STORAGE_KEY));
  } catch {
    // Storage can be unavailable (privacy modes, sandboxed frames): the cart lives for this visit only.
    return [];
  }
}

export function writeStoredCart(lines: readonly CartLine[]): void {
  try {
    if (lines.length === 0) window.localStorage.removeItem(CART_STORAGE_KEY);
    else window.localStorage.setItem(CART_STORAGE_KEY, serializeCart(lines));
  } catch {
    // Not persisted; the cart still holds for this visit.
  }
}

/** What adding a product did. */
export type AddResult = 'added' | 'at-max-quantity' | 'cart-full';

export function addLine(lines: readonly CartLine[], productId: string, quantity = 1): [CartLine[], AddResult] {
  const existing = lines.find((line) => line.productId === productId);
  if (existing) {
    if (existing.quantity >= MAX_CART_QUANTITY) return [[...lines], 'at-max-quantity'];
    const next = clampQuantity(existing.quantity + quantity);
    return [lines.map((line) => (line === existing ? { productId, quantity: next } : line)), 'added'];
  }
  if (lines.length >= MAX_CART_LINES) return [[...lines], 'cart-full'];
  return [[...lines, { productId, quantity: clampQuantity(quantity) }], 'added'];
}

export function setLineQuantity(lines: readonly CartLine[], productId: string, quantity: number): CartLine[] {
  const next = clampQuantity(quantity);
  return lines.map((line) => (line.productId === productId ? { productId, quantity: next } : line));
}

export function removeLines(lines: readonly CartLine[], productIds: Iterable<string>): CartLine[] {
  const removed = new Set(productIds);
  return lines.filter((line) => !removed.has(line.productId));
}

export function itemCount(lines: readonly CartLine[]): number {
  return lines.reduce((count, line) => count + line.quantity, 0);
}
