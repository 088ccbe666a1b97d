import { useId } from 'react';
import { useCurrency } from './currency-context';
import { parseCurrency } from '@storepay/payments-core';
import { currencyLabel } from './storefront-currencies';

export function CurrencySwitcher() {
  const { currency, currencies, setCurrency } = useCurrency();
  const id = useId();
  return (
    <div className="currency-switcher">
      <label htmlFor={id}>Currency</label>
      <select
        id={id}
        value={currency}
        onChange={(event) => {
          const next = parseCurrency(event.target.value);
          if (next && currencies.includes(next)) setCurrency(next);
        }}
      >
        {currencies.map((code) => (
          <option key={code} value={code}>
            {currencyLabel(code)}
          </option>
        ))}
      </select>
    </div>
  );
}
