import type { PaymentAnomalyView } from '@storepay/payments-core';
import { Link } from 'react-router';
import { DataTable, Panel } from '../../app/data-table';
import { formatInstant } from '../../app/format';

/** What each anomaly means, for staff deciding what to do about it. */
export const ANOMALY_TEXT: Record<PaymentAnomalyView['kind'], string> = {
  foreign_payment_intent: 'A PaymentIntent that is not the order’s own named this order',
  livemode_mismatch: 'The PaymentIntent is of the other mode (live / test)',
  currency_mismatch: 'The PaymentIntent is in another currency than the order',
  amount_mismatch: 'The PaymentIntent is for another amount than the order',
  paid_after_expiry: 'Paid after the order expired: the money was taken and the order is paid',
};

/** The one anomaly that was applied to its order (money arrived for an expired order). */
const APPLIED: PaymentAnomalyView['kind'] = 'paid_after_expiry';

const shown = (value: PaymentAnomalyView['expected']) => (value === null ? '—' : String(value));

/**
 * PaymentIntents that named an order they may not pay: the order was left as it was. Staff check the payment in the
 * Stripe Dashboard and refund or reconcile it by hand. A payment of an expired order was applied (money was taken):
 * staff fulfil or refund it. `withOrder` adds a link to each order (webhook health).
 */
export function AnomaliesPanel({
  anomalies,
  title = 'Payment anomalies',
  withOrder = false,
}: {
  anomalies: readonly PaymentAnomalyView[];
  title?: string;
  withOrder?: boolean;
}) {
  return (
    <Panel id="anomalies-title" title={title}>
      {anomalies.some((anomaly) => anomaly.kind !== APPLIED) ? (
        <p className="panel__body form-error" role="alert">
          These payments were not applied to their order. Check them in the Stripe Dashboard before doing anything else.
        </p>
      ) : null}
      {anomalies.some((anomaly) => anomaly.kind === APPLIED) ? (
        <p className="panel__body form-error" role="alert">
          A payment arrived after its order expired: the order is paid. Fulfil it, or refund it if the items are no
          longer available.
        </p>
      ) : null}
      <DataTable
        label={title}
        caption={title}
        columns={['What', ...(withOrder ? ['Order'] : []), 'PaymentIntent', 'Expected', 'Found', 'Seen by', 'When']}
      >
        {anomalies.map((anomaly) => (
          <tr key={`${anomaly.paymentIntentId}-${anomaly.kind}`}>
            <th scope="row">{ANOMALY_TEXT[anomaly.kind]}</th>
            {withOrder ? (
              <td>
                {anomaly.orderId ? <Link to={`/payments/${anomaly.orderId}`}>{anomaly.orderId.slice(0, 8)}</Link> : '—'}
              </td>
            ) : null}
            <td>
              <code>{anomaly.paymentIntentId}</code>
            </td>
            <td>{shown(anomaly.expected)}</td>
            <td>{shown(anomaly.actual)}</td>
            <td>{anomaly.source}</td>
            <td className="nowrap">{formatInstant(anomaly.detectedAt)}</td>
          </tr>
        ))}
      </DataTable>
    </Panel>
  );
}
