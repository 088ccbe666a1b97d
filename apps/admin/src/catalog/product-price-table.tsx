import type { AdminProduct } from '@storepay/payments-core';
import { DataTable } from '../app/data-table';
import { formattedPrice, priceCurrencies } from './price-columns';

/**
 * Every product with one column per currency it is priced in; inactive ones are marked. With `onEdit` (admins),
 * each row has an Edit button.
 */
export function ProductPriceTable({
  products,
  onEdit,
}: {
  products: readonly AdminProduct[];
  onEdit?: (product: AdminProduct) => void;
}) {
  const currencies = priceCurrencies(products);

  return (
    <DataTable
      label="Products and their prices per currency"
      caption="Products and their prices per currency"
      columns={[
        'Product',
        ...currencies.map((currency) => ({ label: currency.toUpperCase(), numeric: true })),
        { label: 'ID', className: 'id-cell' },
        ...(onEdit ? ['Action'] : []),
      ]}
    >
      {products.map((product) => (
        <tr key={product.id}>
          <th scope="row">
            <span className="cell-title">{product.name}</span>
            {product.active ? null : (
              <span className="badge" data-status="inactive">
                Inactive
              </span>
            )}
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
          {onEdit ? (
            <td>
              <button
                type="button"
                className="button button--small button--secondary"
                aria-label={`Edit ${product.name}`}
                onClick={() => onEdit(product)}
              >
                Edit
              </button>
            </td>
          ) : null}
        </tr>
      ))}
    </DataTable>
  );
}
