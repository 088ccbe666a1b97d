import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { DEFAULT_CURRENCY, isStorefrontCurrency, type StorefrontCurrency } from './storefront-currencies';

export const CURRENCY_STORAGE_KEY = 'storepay.storefront.currency';

interface CurrencyContextValue {
  currency: StorefrontCurrency;
  setCurrency: (currency: StorefrontCurrency) => void;
}

const CurrencyContext = createContext<CurrencyContextValue | null>(null);

function readStoredCurrency(): StorefrontCurrency {
  try {
    const stored = window.localStorage.getItem(CURRENCY_STORAGE_KEY);
    return isStorefrontCurrency(stored) ? stored : DEFAULT_CURRENCY;
  } catch {
    // Storage can be unavailable (privacy modes, sandboxed frames): fall back to the default.
    return DEFAULT_CURRENCY;
  }
}

/** The shopper's currency, remembered in localStorage and kept in step across open tabs. */
export function CurrencyProvider({ children }: { children: ReactNode }) {
  const [currency, setCurrencyState] = useState<StorefrontCurrency>(readStoredCurrency);

  const setCurrency = useCallback((next: StorefrontCurrency) => {
    setCurrencyState(next);
    try {
      window.localStorage.setItem(CURRENCY_STORAGE_KEY, next);
    } catch {
      // Not persisted; the choice still holds for this visit.
    }
  }, []);

  useEffect(() => {
    function onStorage(event: StorageEvent) {
      if (event.key === CURRENCY_STORAGE_KEY || event.key === null) setCurrencyState(readStoredCurrency());
    }
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const value = useMemo(() => ({ currency, setCurrency }), [currency, setCurrency]);
  return <CurrencyContext value={value}>{children}</CurrencyContext>;
}

export function useCurrency(): CurrencyContextValue {
  const value = use(CurrencyContext);
  if (!value) throw new Error('useCurrency must be used inside <CurrencyProvider>');
  return value;
}
