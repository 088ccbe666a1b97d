import type { Product } from '@storepay/payments-core';
import { useId } from 'react';
import { formattedPrice, priceCurrencies } from './price-columns';

/** Every product with one column per currency it is priced in. */
export function ProductPriceTable({ products }: { products: readonly Product[] }) {
  const captionId = useId();
  const currencies = priceCurrencies(products);

  return (
    <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="data-table">
        <caption id={captionId} className="visually-hidden">
          Products and their prices per currency
        </caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            {currencies.map((currency) => (
              <th key={currency} scope="col" className="numeric">
                {currency.toUpperCase()}
              </th>
            ))}
            <th scope="col" className="id-cell">
              ID
            </th>
          </tr>
        </thead>
        <tbody>
          {products.map((product) => (
            <tr key={product.id}>
              <th scope="row">
                <span className="cell-title">{product.name}</span>
                <code className="cell-subtitle">{product.slug}</code>
              </th>
              {currencies.map((currency) => {
                const price = formattedPrice(product, currency);
                return (
                  <td key={currency} className="numeric">
                    {price ?? (
                      <>
                        <span aria-hidden="true" className="muted">
                          —
                        </span>
                        <span className="visually-hidden">Not priced</span>
                      </>
                    )}
                  </td>
                );
              })}
              <td className="id-cell">
                <code className="mono-muted">{product.id}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
