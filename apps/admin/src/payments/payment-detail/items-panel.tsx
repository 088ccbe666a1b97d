import type { PaymentDetail } from '@storepay/payments-core';
import { DataTable, Panel } from '../../app/data-table';
import type { MoneyText } from './detail-list';

/** What the order was for, priced as checkout priced it. */
export function ItemsPanel({ payment, money }: { payment: PaymentDetail; money: MoneyText }) {
  return (
    <Panel id="items-title" title="Items">
      {payment.items.length === 0 ? (
        <p className="panel__body muted">No items recorded.</p>
      ) : (
        <DataTable
          label="Items"
          caption="Items"
          columns={[
            'Item',
            { label: 'Quantity', numeric: true },
            { label: 'Unit price', numeric: true },
            { label: 'Total', numeric: true },
          ]}
        >
          {payment.items.map((item, index) => (
            <tr key={`${item.name}-${index}`}>
              <th scope="row">{item.name}</th>
              <td className="numeric">{item.quantity}</td>
              <td className="numeric">{money(item.unitAmount)}</td>
              <td className="numeric">{money(item.unitAmount * item.quantity)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Panel>
  );
}
