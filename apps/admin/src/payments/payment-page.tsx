import { parseCurrency, type PaymentDetail } from '@storepay/payments-core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Panel } from '../app/data-table';
import { humanize } from '../app/format';
import { EmptyState, PageHeader } from '../app/page-states';
import { QueryState } from '../app/query-state';
import { AuthorizationPanel } from '../authorizations/authorization-panel';
import { ApprovalTable } from '../refunds/approval-table';
import { RefundForm } from '../refunds/refund-form';
import { EarlyFraudWarningPanel, ReviewsPanel } from '../reviews/payment-risk-panels';
import { useCan } from '../session/session-context';
import { formatAmount } from './money-input';
import { isRelease, paymentQueries, type RefundOutcome } from './payment-queries';
import { AnomaliesPanel } from './payment-detail/anomalies-panel';
import { ItemsPanel } from './payment-detail/items-panel';
import { RefundsPanel } from './payment-detail/refunds-panel';
import { AmountsPanel, CustomerPanel, RiskPanel } from './payment-detail/summary-panels';
import { TimelinePanel } from './payment-detail/timeline-panel';

export function PaymentPage() {
  const { orderId = '' } = useParams();
  const payment = useQuery(paymentQueries.detail(orderId));
  return (
    <QueryState
      query={payment}
      loading="Loading the payment…"
      errorTitle="Couldn't load the payment"
      notFound={
        <EmptyState title="No such payment">
          <p>
            There is no payment with the order id <code>{orderId}</code>.
          </p>
          <Link to="/payments" className="button">
            Go to the payment list
          </Link>
        </EmptyState>
      }
    >
      {(detail) => <PaymentView payment={detail} />}
    </QueryState>
  );
}

function PaymentView({ payment }: { payment: PaymentDetail }) {
  const canRefund = useCan('refund');
  const [formOpen, setFormOpen] = useState(false);
  const [lastResult, setLastResult] = useState<RefundOutcome | null>(null);
  const currency = parseCurrency(payment.currency);
  const money = (amount: number) => formatAmount(amount, payment.currency);
  const awaiting = payment.refunds.filter((refund) => refund.status === 'awaiting_approval');
  // A payment only authorised has taken nothing: there is nothing to refund, and releasing it all is the
  // authorisation panel's job (capture less to take part of it).
  const onlyAuthorized = payment.status === 'authorized' || (payment.authorization?.amountCapturable ?? 0) > 0;
  const refundable = canRefund && currency !== null && payment.refundable > 0 && !onlyAuthorized;

  return (
    <>
      <title>{`Payment ${payment.orderId.slice(0, 8)} · Storepay Admin`}</title>
      <p className="breadcrumb">
        <Link to="/payments">← Payment list</Link>
      </p>
      <PageHeader
        title={`Payment ${payment.orderId.slice(0, 8)}`}
        description={`${money(payment.amount)} from ${payment.email}`}
        actions={
          refundable && !formOpen ? (
            <button
              type="button"
              className="button"
              onClick={() => {
                setLastResult(null);
                setFormOpen(true);
              }}
            >
              Refund
            </button>
          ) : null
        }
      />

      {lastResult ? (
        <div className="notice" role="status">
          {isRelease(lastResult) ? (
            <p>
              Nothing was captured yet, so the authorisation of {money(lastResult.action.amount)} was released instead
              of refunded.
            </p>
          ) : lastResult.approvalRequired || lastResult.refund.status === 'awaiting_approval' ? (
            <p>Refund of {money(lastResult.refund.amount)} requested: waiting for a second admin's approval.</p>
          ) : (
            <p>
              Refund of {money(lastResult.refund.amount)} sent: {humanize(lastResult.refund.status).toLowerCase()}.
            </p>
          )}
        </div>
      ) : null}

      {formOpen && currency && refundable ? (
        <RefundForm
          payment={payment}
          currency={currency}
          onCancel={() => setFormOpen(false)}
          onDone={(result) => {
            setLastResult(result);
            setFormOpen(false);
          }}
        />
      ) : null}

      {payment.anomalies.length > 0 ? <AnomaliesPanel anomalies={payment.anomalies} /> : null}

      {awaiting.length > 0 ? (
        <Panel id="awaiting-title" title="Awaiting approval">
          <ApprovalTable refunds={awaiting} caption="Refunds of this payment awaiting approval" />
        </Panel>
      ) : null}

      {payment.authorization ? (
        <AuthorizationPanel payment={payment} authorization={payment.authorization} money={money} />
      ) : null}

      <div className="card-grid">
        <AmountsPanel payment={payment} money={money} />
        <CustomerPanel payment={payment} />
        <RiskPanel payment={payment} money={money} />
      </div>
      {payment.earlyFraudWarnings.length > 0 ? <EarlyFraudWarningPanel payment={payment} money={money} /> : null}
      {payment.reviews.length > 0 ? <ReviewsPanel payment={payment} /> : null}
      <ItemsPanel payment={payment} money={money} />
      <RefundsPanel payment={payment} money={money} />
      <TimelinePanel payment={payment} />
    </>
  );
}
