import type { Product } from '@storepay/payments-core';
import { DataTable } from '../app/data-table';
import { formattedPrice, priceCurrencies } from './price-columns';

/** Every product with one column per currency it is priced in. */
export function ProductPriceTable({ products }: { products: readonly Product[] }) {
  const currencies = priceCurrencies(products);

  return (
    <DataTable
      label="Products and their prices per currency"
      caption="Products and their prices per currency"
      columns={[
        'Product',
        ...currencies.map((currency) => ({ label: currency.toUpperCase(), numeric: true })),
        { label: 'ID', className: 'id-cell' },
      ]}
    >
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
    </DataTable>
  );
}
