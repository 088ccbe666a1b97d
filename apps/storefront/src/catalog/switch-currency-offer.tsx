import { useStore } from '@nanostores/react';
import { params } from '@nanostores/i18n';
import { useCurrency } from '../currency/currency-context';
import { currencyLabel, type StorefrontCurrency } from '../currency/storefront-currencies';
import { i18n } from '../i18n/i18n';

export const messages = i18n('switchCurrency', { showPricesIn: params('Show prices in {currency}') });

/** Buttons that switch to the currencies where something can be bought. */
export function SwitchCurrencyOffer({ currencies }: { currencies: readonly StorefrontCurrency[] }) {
  const t = useStore(messages);
  const { setCurrency } = useCurrency();
  if (currencies.length === 0) return null;
  return (
    <div className="button-row">
      {currencies.map((code) => (
        <button key={code} type="button" className="button button--secondary" onClick={() => setCurrency(code)}>
          {t.showPricesIn({ currency: currencyLabel(code) })}
        </button>
      ))}
    </div>
  );
}
