import type { RefundView } from '@storepay/payments-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ApiError } from '../api/api-client';
import { formatInstant, humanize } from '../app/format';
import { DataTable } from '../app/data-table';
import { formatAmount } from '../payments/money-input';
import { decideRefund, paymentQueries, refundQueries } from '../payments/payment-queries';
import { useCan, useSession } from '../session/session-context';

/**
 * Refunds waiting for a second admin. Admins approve or reject others' requests; their own show as waiting (the
 * server refuses self-approval anyway).
 */
export function ApprovalTable({
  refunds,
  caption,
  showPayment,
}: {
  refunds: RefundView[];
  caption: string;
  showPayment?: boolean;
}) {
  const queryClient = useQueryClient();
  const { staff } = useSession();
  const canApprove = useCan('approveRefunds');
  const decision = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'approve' | 'reject' }) => decideRefund(id, action),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: refundQueries.all() });
      void queryClient.invalidateQueries({ queryKey: paymentQueries.all() });
    },
  });

  return (
    <>
      {decision.isError ? (
        <p className="form-error" role="alert">
          {decision.error instanceof ApiError ? decision.error.message : 'The decision could not be saved.'}
        </p>
      ) : null}
      <DataTable
        label={caption}
        caption={caption}
        columns={[
          ...(showPayment ? ['Payment'] : []),
          { label: 'Amount', numeric: true },
          'Requested by',
          'Reason',
          'Requested',
          'Decision',
        ]}
      >
        {refunds.map((refund) => {
          const own = refund.requestedBy?.id === staff.id;
          const busy = decision.isPending && decision.variables.id === refund.id;
          return (
            <tr key={refund.id}>
              {showPayment ? (
                <td>
                  <Link to={`/payments/${refund.orderId}`}>{refund.orderId.slice(0, 8)}</Link>
                </td>
              ) : null}
              <td className="numeric">{formatAmount(refund.amount, refund.currency)}</td>
              <td>{refund.requestedBy?.email ?? '—'}</td>
              <td>
                {refund.reason ? humanize(refund.reason) : '—'}
                {refund.note ? <span className="cell-subtitle">{refund.note}</span> : null}
              </td>
              <td className="nowrap">{formatInstant(refund.createdAt)}</td>
              <td>
                {!canApprove ? (
                  <span className="muted">Waiting for an admin</span>
                ) : own ? (
                  <span className="muted">Your request: another admin decides</span>
                ) : (
                  <div className="row-actions">
                    <button
                      type="button"
                      className="button button--small"
                      disabled={busy}
                      onClick={() => decision.mutate({ id: refund.id, action: 'approve' })}
                    >
                      Approve
                    </button>
                    <button
                      type="button"
                      className="button button--small button--danger"
                      disabled={busy}
                      onClick={() => decision.mutate({ id: refund.id, action: 'reject' })}
                    >
                      Reject
                    </button>
                  </div>
                )}
              </td>
            </tr>
          );
        })}
      </DataTable>
    </>
  );
}
