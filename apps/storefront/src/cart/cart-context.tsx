import { createContext, use, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  addLine,
  CART_STORAGE_KEY,
  itemCount,
  readStoredCart,
  removeLines,
  setLineQuantity,
  writeStoredCart,
  type AddResult,
  type CartLine,
} from './cart-storage';

export interface CartContextValue {
  /** Product ids and quantities, in the order they were added. */
  lines: readonly CartLine[];
  /** Number of items (the sum of the quantities). */
  count: number;
  /** Adds one (or `quantity`) of a product; says whether it could. */
  add: (productId: string, quantity?: number) => AddResult;
  /** Sets a line's quantity, clamped to 1..99. */
  setQuantity: (productId: string, quantity: number) => void;
  /** Takes these products out of the cart (e.g. after they were paid for). */
  remove: (...productIds: string[]) => void;
}

const CartContext = createContext<CartContextValue | null>(null);

/** The shopper's cart, kept in localStorage so it survives reloads, and in step across open tabs. */
export function CartProvider({ children }: { children: ReactNode }) {
  const [lines, setLines] = useState<readonly CartLine[]>(readStoredCart);
  // The latest lines, so `add` can answer synchronously even between renders (two clicks in one frame).
  const linesRef = useRef(lines);

  const commit = useCallback((next: CartLine[]) => {
    linesRef.current = next;
    setLines(next);
    writeStoredCart(next);
  }, []);

  const add = useCallback(
    (productId: string, quantity = 1) => {
      const [next, result] = addLine(linesRef.current, productId, quantity);
      if (result === 'added') commit(next);
      return result;
    },
    [commit],
  );

  const setQuantity = useCallback(
    (productId: string, quantity: number) => commit(setLineQuantity(linesRef.current, productId, quantity)),
    [commit],
  );

  const remove = useCallback((...productIds: string[]) => commit(removeLines(linesRef.current, productIds)), [commit]);

  useEffect(() => {
    function onStorage(event: StorageEvent) {
      if (event.key !== CART_STORAGE_KEY && event.key !== null) return;
      const next = readStoredCart();
      linesRef.current = next;
      setLines(next);
    }
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const value = useMemo(
    () => ({ lines, count: itemCount(lines), add, setQuantity, remove }),
    [lines, add, setQuantity, remove],
  );
  return <CartContext value={value}>{children}</CartContext>;
}

export function useCart(): CartContextValue {
  const value = use(CartContext);
  if (!value) throw new Error('useCart must be used inside <CartProvider>');
  return value;
}
