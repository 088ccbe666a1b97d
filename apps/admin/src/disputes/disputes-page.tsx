import type { DisputeList } from '@storepay/payments-core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { DataTable, Panel } from '../app/data-table';
import { humanize, StatusBadge } from '../app/format';
import { EmptyState, PageHeader } from '../app/page-states';
import { QueryState } from '../app/query-state';
import { useNow } from '../app/use-now';
import { DisputeTotalsList } from '../payments/dispute-totals';
import { formatAmount } from '../payments/money-input';
import { disputeQueries } from './dispute-queries';
import { dueState, EvidenceDue, evidenceProgress } from './dispute-due';

/**
 * Disputes by evidence deadline (the API's order), overdue and soon-due ones marked, under the amounts at risk
 * (still open), won and lost per currency. Each leads to its evidence form.
 */
export function DisputesPage() {
  const disputes = useQuery(disputeQueries.list());
  return (
    <>
      <title>Disputes · Storepay Admin</title>
      <PageHeader
        title="Disputes"
        description="Chargebacks and inquiries from the shoppers' banks, the soonest evidence deadline first. Answer each with evidence before its deadline."
      />
      <QueryState query={disputes} loading="Loading disputes…" errorTitle="Couldn't load the disputes">
        {(data) => <DisputesView data={data} />}
      </QueryState>
    </>
  );
}

function DisputesView({ data }: { data: DisputeList }) {
  const now = useNow();
  const { disputes, totals } = data;
  return (
    <>
      <Panel id="dispute-totals-title" title="Totals">
        <DisputeTotalsList totals={totals} label="Dispute totals" />
        <p className="panel__body">
          <Link to="/payments?dispute=any">Disputed payments in the explorer</Link>
        </p>
      </Panel>
      {disputes.length === 0 ? (
        <EmptyState title="No disputes">
          <p>No shopper's bank has disputed a payment.</p>
        </EmptyState>
      ) : (
        <Panel id="disputes-count" title={disputes.length === 1 ? '1 dispute' : `${disputes.length} disputes`}>
          <DataTable
            label="Disputes by evidence deadline"
            caption="Disputes, the soonest evidence deadline first"
            columns={[
              'Dispute',
              'Payment',
              { label: 'Amount', numeric: true },
              'Reason',
              'Status',
              'Evidence due',
              'Evidence',
            ]}
          >
            {disputes.map((dispute) => (
              <tr key={dispute.id} data-due={dueState(dispute, now) ?? undefined}>
                <th scope="row">
                  <Link to={`/disputes/${dispute.id}`} className="cell-title">
                    <span className="visually-hidden">Dispute </span>
                    {dispute.stripeDisputeId}
                  </Link>
                </th>
                <td>
                  <Link to={`/payments/${dispute.orderId}`}>
                    <span className="visually-hidden">Payment </span>
                    {dispute.orderId.slice(0, 8)}
                  </Link>
                </td>
                <td className="numeric">{formatAmount(dispute.amount, dispute.currency)}</td>
                <td>{humanize(dispute.reason)}</td>
                <td>
                  <StatusBadge status={dispute.status} />
                </td>
                <td className="nowrap">
                  <EvidenceDue dispute={dispute} now={now} />
                </td>
                <td>{evidenceProgress(dispute)}</td>
              </tr>
            ))}
          </DataTable>
        </Panel>
      )}
    </>
  );
}
