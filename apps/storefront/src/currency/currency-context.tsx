import { parseCurrency } from '@storepay/payments-core';
import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { StorefrontCurrency } from './storefront-currencies';

export const CURRENCY_STORAGE_KEY = 'storepay.storefront.currency';

interface CurrencyContextValue {
  /** The shopper's currency. */
  currency: StorefrontCurrency;
  /** The currencies the shop offers (from `GET /api/config`); just the shopper's own until that answers. */
  currencies: readonly StorefrontCurrency[];
  setCurrency: (currency: StorefrontCurrency) => void;
}

const CurrencyContext = createContext<CurrencyContextValue | null>(null);

/** The currency remembered from an earlier visit, if it is a currency at all. */
function readStoredCurrency(): StorefrontCurrency | null {
  try {
    return parseCurrency(window.localStorage.getItem(CURRENCY_STORAGE_KEY) ?? '');
  } catch {
    // Storage can be unavailable (privacy modes, sandboxed frames).
    return null;
  }
}

/**
 * The shopper's currency, one of those the shop offers (`GET /api/config`), remembered in localStorage and kept in
 * step across open tabs. Until the API answers, the remembered one (or the first offered) is shown.
 */
export function CurrencyProvider({ children }: { children: ReactNode }) {
  const [offered, setOffered] = useState<readonly StorefrontCurrency[] | null>(null);
  const [chosen, setChosen] = useState<StorefrontCurrency | null>(readStoredCurrency);

  useEffect(() => {
    const controller = new AbortController();
    // The API client and its schemas load with this request, not with the first render (they are a chunk every
    // page shares): the header needs the offered currencies only once the page is up.
    import('../api/config-api')
      .then(({ fetchStorefrontConfig }) => fetchStorefrontConfig({ signal: controller.signal }))
      .then(
        (config) => setOffered(config.currencies),
        () => undefined, // The shop still works in the shopper's currency; the switcher offers it alone.
      );
    return () => controller.abort();
  }, []);

  const setCurrency = useCallback((next: StorefrontCurrency) => {
    setChosen(next);
    try {
      window.localStorage.setItem(CURRENCY_STORAGE_KEY, next);
    } catch {
      // Not persisted; the choice still holds for this visit.
    }
  }, []);

  useEffect(() => {
    function onStorage(event: StorageEvent) {
      if (event.key === CURRENCY_STORAGE_KEY || event.key === null) setChosen(readStoredCurrency());
    }
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const value = useMemo(() => {
    // A remembered currency the shop no longer offers gives way to the first one it does.
    const currency =
      chosen && (!offered || offered.includes(chosen)) ? chosen : (offered?.[0] ?? chosen ?? ('usd' as const));
    return { currency, currencies: offered ?? [currency], setCurrency };
  }, [chosen, offered, setCurrency]);
  return <CurrencyContext value={value}>{children}</CurrencyContext>;
}

export function useCurrency(): CurrencyContextValue {
  const value = use(CurrencyContext);
  if (!value) throw new Error('useCurrency must be used inside <CurrencyProvider>');
  return value;
}
