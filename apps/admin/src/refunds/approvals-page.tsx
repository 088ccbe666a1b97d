import { useQuery } from '@tanstack/react-query';
import { EmptyState, PageHeader, QueryError, QueryLoading } from '../app/page-states';
import { refundQueries } from '../payments/payment-queries';
import { ApprovalTable } from './approval-table';

export function ApprovalsPage() {
  const refunds = useQuery(refundQueries.awaitingApproval());
  return (
    <>
      <title>Approvals · Storepay Admin</title>
      <PageHeader
        title="Approvals"
        description="Refunds above the approval threshold wait here until a second admin approves or rejects them."
      />
      {refunds.isPending ? (
        <QueryLoading label="Loading refunds awaiting approval…" />
      ) : refunds.isError ? (
        <QueryError
          title="Couldn't load the refunds awaiting approval"
          error={refunds.error}
          retrying={refunds.isFetching}
          onRetry={() => void refunds.refetch()}
        />
      ) : refunds.data.refunds.length === 0 ? (
        <EmptyState title="Nothing waits for approval" />
      ) : (
        <section className="panel" aria-labelledby="approvals-count">
          <h2 id="approvals-count" className="panel__title">
            {refunds.data.refunds.length === 1 ? '1 refund' : `${refunds.data.refunds.length} refunds`} awaiting
            approval
          </h2>
          <ApprovalTable refunds={refunds.data.refunds} caption="Refunds awaiting approval" showPayment />
        </section>
      )}
    </>
  );
}
