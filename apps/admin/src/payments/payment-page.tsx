import { parseCurrency, type PaymentDetail, type RefundResponse } from '@storepay/payments-core';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/api-client';
import { formatInstant, humanize, StatusBadge } from '../app/format';
import { EmptyState, PageHeader, QueryError, QueryLoading } from '../app/page-states';
import { ApprovalTable } from '../refunds/approval-table';
import { RefundForm } from '../refunds/refund-form';
import { useCan } from '../session/session-context';
import { formatAmount } from './money-input';
import { paymentQueries } from './payment-queries';

export function PaymentPage() {
  const { orderId = '' } = useParams();
  const payment = useQuery(paymentQueries.detail(orderId));

  if (payment.isPending) return <QueryLoading label="Loading the payment…" />;
  if (payment.isError) {
    if (payment.error instanceof ApiError && payment.error.status === 404) {
      return (
        <EmptyState title="No such payment">
          <p>
            There is no payment with the order id <code>{orderId}</code>.
          </p>
          <Link to="/payments" className="button">
            Go to the payment list
          </Link>
        </EmptyState>
      );
    }
    return (
      <QueryError
        title="Couldn't load the payment"
        error={payment.error}
        retrying={payment.isFetching}
        onRetry={() => void payment.refetch()}
      />
    );
  }
  return <PaymentView payment={payment.data} />;
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="details__row">
      <dt>{term}</dt>
      <dd>{children ?? '—'}</dd>
    </div>
  );
}

function PaymentView({ payment }: { payment: PaymentDetail }) {
  const canRefund = useCan('refund');
  const [formOpen, setFormOpen] = useState(false);
  const [lastResult, setLastResult] = useState<RefundResponse | null>(null);
  const currency = parseCurrency(payment.currency);
  const money = (amount: number) => formatAmount(amount, payment.currency);
  const awaiting = payment.refunds.filter((refund) => refund.status === 'awaiting_approval');
  const refundable = canRefund && currency !== null && payment.refundable > 0;

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
          {lastResult.approvalRequired || lastResult.refund.status === 'awaiting_approval' ? (
            <p>Refund of {money(lastResult.refund.amount)} requested: waiting for a second admin's approval.</p>
          ) : (
            <p>
              Refund of {money(lastResult.refund.amount)} sent: {humanize(lastResult.refund.status).toLowerCase()}.
            </p>
          )}
        </div>
      ) : null}

      {formOpen && currency ? (
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

      {awaiting.length > 0 ? (
        <section className="panel" aria-labelledby="awaiting-title">
          <h2 id="awaiting-title" className="panel__title">
            Awaiting approval
          </h2>
          <ApprovalTable refunds={awaiting} caption="Refunds of this payment awaiting approval" />
        </section>
      ) : null}

      <div className="card-grid">
        <section className="panel" aria-labelledby="amounts-title">
          <h2 id="amounts-title" className="panel__title">
            Amounts
          </h2>
          <dl className="details" aria-labelledby="amounts-title">
            <Detail term="Status">
              <StatusBadge status={payment.status} />
            </Detail>
            <Detail term="Amount">{money(payment.amount)}</Detail>
            <Detail term="Paid">{money(payment.amountReceived)}</Detail>
            <Detail term="Refunded">{money(payment.amountRefunded)}</Detail>
            <Detail term="Refundable">{money(payment.refundable)}</Detail>
            <Detail term="Created">{formatInstant(payment.createdAt)}</Detail>
            <Detail term="Paid at">{formatInstant(payment.paidAt)}</Detail>
          </dl>
        </section>
        <section className="panel" aria-labelledby="customer-title">
          <h2 id="customer-title" className="panel__title">
            Customer and card
          </h2>
          <dl className="details" aria-labelledby="customer-title">
            <Detail term="Email">{payment.email}</Detail>
            <Detail term="Card brand">{payment.card?.brand ? humanize(payment.card.brand) : null}</Detail>
            <Detail term="Last 4">{payment.card?.last4 ? `•••• ${payment.card.last4}` : null}</Detail>
            <Detail term="Card country">{payment.card?.country}</Detail>
            <Detail term="Expires">
              {payment.card?.expMonth && payment.card.expYear
                ? `${String(payment.card.expMonth).padStart(2, '0')}/${payment.card.expYear}`
                : null}
            </Detail>
            <Detail term="PaymentIntent">
              {payment.paymentIntentId ? <code>{payment.paymentIntentId}</code> : null}
            </Detail>
            <Detail term="Order">
              <code>{payment.orderId}</code>
            </Detail>
          </dl>
        </section>
        <section className="panel" aria-labelledby="risk-title">
          <h2 id="risk-title" className="panel__title">
            Risk and disputes
          </h2>
          <dl className="details" aria-labelledby="risk-title">
            <Detail term="Risk level">{payment.risk?.level ? humanize(payment.risk.level) : null}</Detail>
            <Detail term="Radar outcome">
              {payment.risk?.outcomeType ? humanize(payment.risk.outcomeType) : null}
            </Detail>
            <Detail term="Network status">
              {payment.risk?.networkStatus ? humanize(payment.risk.networkStatus) : null}
            </Detail>
            <Detail term="Dispute">
              {payment.dispute
                ? `${humanize(payment.dispute.status)} · ${money(payment.dispute.amount)} · ${humanize(payment.dispute.reason)}`
                : 'None'}
            </Detail>
            {payment.failure ? (
              <Detail term="Failure">
                {[payment.failure.message, payment.failure.code, payment.failure.declineCode]
                  .filter(Boolean)
                  .join(' · ') || 'Failed'}
              </Detail>
            ) : null}
          </dl>
        </section>
      </div>

      <section className="panel" aria-labelledby="items-title">
        <h2 id="items-title" className="panel__title">
          Items
        </h2>
        {payment.items.length === 0 ? (
          <p className="panel__body muted">No items recorded.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Items</caption>
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col" className="numeric">
                    Quantity
                  </th>
                  <th scope="col" className="numeric">
                    Unit price
                  </th>
                  <th scope="col" className="numeric">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {payment.items.map((item, index) => (
                  <tr key={`${item.name}-${index}`}>
                    <th scope="row">{item.name}</th>
                    <td className="numeric">{item.quantity}</td>
                    <td className="numeric">{money(item.unitAmount)}</td>
                    <td className="numeric">{money(item.unitAmount * item.quantity)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="refunds-title">
        <h2 id="refunds-title" className="panel__title">
          Refunds
        </h2>
        {payment.refunds.length === 0 ? (
          <p className="panel__body muted">No refunds.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Refunds</caption>
              <thead>
                <tr>
                  <th scope="col" className="numeric">
                    Amount
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Source</th>
                  <th scope="col">Requested by</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
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
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title" className="panel__title">
          Timeline
        </h2>
        {payment.timeline.length === 0 ? (
          <p className="panel__body muted">Nothing happened yet.</p>
        ) : (
          <ol className="timeline" aria-labelledby="timeline-title">
            {payment.timeline.map((entry, index) => (
              <li key={`${entry.at}-${index}`} className="timeline__entry" data-kind={entry.kind}>
                <time dateTime={entry.at} className="timeline__time">
                  {formatInstant(entry.at)}
                </time>
                <div>
                  <p className="timeline__title">
                    {entry.title}
                    {entry.status ? (
                      <>
                        {' '}
                        <StatusBadge status={entry.status} />
                      </>
                    ) : null}
                  </p>
                  {entry.detail ? <p className="muted">{entry.detail}</p> : null}
                  {entry.actor ? <p className="muted">by {entry.actor}</p> : null}
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
