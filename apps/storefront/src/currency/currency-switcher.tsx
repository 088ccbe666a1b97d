import { useId } from 'react';
import { useCurrency } from './currency-context';
import { currencyLabel, isStorefrontCurrency, STOREFRONT_CURRENCIES } from './storefront-currencies';

export function CurrencySwitcher() {
  const { currency, setCurrency } = useCurrency();
  const id = useId();
  return (
    <div className="currency-switcher">
      <label htmlFor={id}>Currency</label>
      <select
        id={id}
        value={currency}
        onChange={(event) => {
          if (isStorefrontCurrency(event.target.value)) setCurrency(event.target.value);
        }}
      >
        {STOREFRONT_CURRENCIES.map((code) => (
          <option key={code} value={code}>
            {currencyLabel(code)}
          </option>
        ))}
      </select>
    </div>
  );
}
