import { useQuery } from '@tanstack/react-query';
import { Panel } from '../app/data-table';
import { EmptyState, PageHeader } from '../app/page-states';
import { QueryState } from '../app/query-state';
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
      <QueryState
        query={refunds}
        loading="Loading refunds awaiting approval…"
        errorTitle="Couldn't load the refunds awaiting approval"
        isEmpty={(data) => data.refunds.length === 0}
        empty={<EmptyState title="Nothing waits for approval" />}
      >
        {({ refunds: waiting }) => (
          <Panel
            id="approvals-count"
            title={`${waiting.length === 1 ? '1 refund' : `${waiting.length} refunds`} awaiting approval`}
          >
            <ApprovalTable refunds={waiting} caption="Refunds awaiting approval" showPayment />
          </Panel>
        )}
      </QueryState>
    </>
  );
}
