import { useStore } from '@nanostores/react';
import { parseCurrency } from '@storepay/payments-core';
import { useId } from 'react';
import { i18n } from '../i18n/i18n';
import { useCurrency } from './currency-context';
import { currencyLabel } from './storefront-currencies';

export const messages = i18n('currencySwitcher', { label: 'Currency' });

export function CurrencySwitcher() {
  const t = useStore(messages);
  const { currency, currencies, setCurrency } = useCurrency();
  const id = useId();
  return (
    <div className="header-switcher currency-switcher">
      <label htmlFor={id}>{t.label}</label>
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
