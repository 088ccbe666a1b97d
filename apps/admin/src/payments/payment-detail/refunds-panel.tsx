import type { PaymentDetail } from '@storepay/payments-core';
import { DataTable, Panel } from '../../app/data-table';
import { formatInstant, humanize, StatusBadge } from '../../app/format';
import type { MoneyText } from './detail-list';

/** Every refund of the payment: ours and those made in the Stripe Dashboard, with who asked and why. */
export function RefundsPanel({ payment, money }: { payment: PaymentDetail; money: MoneyText }) {
  return (
    <Panel id="refunds-title" title="Refunds">
      {payment.refunds.length === 0 ? (
        <p className="panel__body muted">No refunds.</p>
      ) : (
        <DataTable
          label="Refunds"
          caption="Refunds"
          columns={[{ label: 'Amount', numeric: true }, 'Status', 'Reason', 'Source', 'Requested by', 'Created']}
        >
          {payment.refunds.map((refund) => (
            <tr key={refund.id}>
              <td className="numeric">{money(refund.amount)}</td>
              <td>
                <StatusBadge status={refund.status} />
                {refund.failureReason ? <span className="cell-subtitle">{refund.failureReason}</span> : null}
                {refund.rejectionNote ? <span className="cell-subtitle">{refund.rejectionNote}</span> : null}
              </td>
              <td>
                {refund.reason ? humanize(refund.reason) : '—'}
                {refund.note ? <span className="cell-subtitle">{refund.note}</span> : null}
              </td>
              <td>{refund.source === 'stripe' ? 'Stripe Dashboard' : 'Admin'}</td>
              <td>{refund.requestedBy?.email ?? '—'}</td>
              <td className="nowrap">{formatInstant(refund.createdAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Panel>
  );
}
