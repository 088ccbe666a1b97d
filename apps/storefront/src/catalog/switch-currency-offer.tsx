import { useCurrency } from '../currency/currency-context';
import { currencyLabel, type StorefrontCurrency } from '../currency/storefront-currencies';

/** Buttons that switch to the currencies where something can be bought. */
export function SwitchCurrencyOffer({ currencies }: { currencies: readonly StorefrontCurrency[] }) {
  const { setCurrency } = useCurrency();
  if (currencies.length === 0) return null;
  return (
    <div className="button-row">
      {currencies.map((code) => (
        <button key={code} type="button" className="button button--secondary" onClick={() => setCurrency(code)}>
          Show prices in {currencyLabel(code)}
        </button>
      ))}
    </div>
  );
}
