import type { PaymentDetail, ReviewView } from '@storepay/payments-core';
import { useState } from 'react';
import { Link } from 'react-router';
import { DataTable, Panel } from '../app/data-table';
import { formatInstant, humanize } from '../app/format';
import type { MoneyText } from '../payments/payment-detail/detail-list';
import { useCan } from '../session/session-context';
import { FraudRefundButton } from './fraud-refund';
import { decisionOutcome, ReviewDecisionPanel, type ReviewDecisionKind } from './review-decision';
import { formatRisk, reviewState } from './reviews-page';

/**
 * The payment's Radar reviews, oldest first: while one is open the order is not fulfilled. Support and admins
 * approve or refuse the open one here as in the review queue.
 */
export function ReviewsPanel({ payment }: { payment: PaymentDetail }) {
  const canDecide = useCan('decideReviews');
  const [deciding, setDeciding] = useState<{ review: ReviewView; decision: ReviewDecisionKind } | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const open = payment.reviews.find((review) => review.open);

  return (
    <Panel id="reviews-title" title="Radar reviews">
      {outcome ? (
        <div className="notice panel__body" role="status">
          <p>{outcome}</p>
        </div>
      ) : null}
      {open ? (
        <div className="notice notice--warn panel__body">
          <p>
            Radar holds this payment for review: the order is not fulfilled until someone approves it.{' '}
            <Link to="/reviews">Open the review queue</Link>
          </p>
        </div>
      ) : null}
      <DataTable
        label="Reviews of this payment"
        caption="Radar reviews of this payment"
        columns={['Opened', 'Reason', 'Risk', 'Decision', 'Decided']}
      >
        {payment.reviews.map((review) => (
          <tr key={review.id}>
            <td className="nowrap">{formatInstant(review.createdAt)}</td>
            <td>
              {humanize(review.openedReason ?? review.reason)}
              <code className="cell-subtitle">{review.stripeReviewId}</code>
            </td>
            <td>{formatRisk(review.riskLevel, review.riskScore)}</td>
            <td>{reviewState(review)}</td>
            <td className="nowrap">{formatInstant(review.decidedAt)}</td>
          </tr>
        ))}
      </DataTable>
      {open && canDecide ? (
        <div className="panel__body">
          {deciding ? (
            <ReviewDecisionPanel
              key={deciding.decision}
              review={deciding.review}
              decision={deciding.decision}
              onCancel={() => setDeciding(null)}
              onDone={(result) => {
                setDeciding(null);
                setOutcome(decisionOutcome(result));
              }}
            />
          ) : (
            <div className="form-actions">
              <button
                type="button"
                className="button"
                onClick={() => {
                  setOutcome(null);
                  setDeciding({ review: open, decision: 'approve' });
                }}
              >
                Approve the payment
              </button>
              <button
                type="button"
                className="button button--danger"
                onClick={() => {
                  setOutcome(null);
                  setDeciding({ review: open, decision: 'refuse' });
                }}
              >
                Refuse the payment
              </button>
            </div>
          )}
        </div>
      ) : null}
    </Panel>
  );
}

/**
 * The issuer's early fraud warnings on the payment. While one is actionable and something is refundable, support
 * and admins refund the rest in full as fraudulent with one click (and a confirmation): it may avoid a dispute.
 */
export function EarlyFraudWarningPanel({ payment, money }: { payment: PaymentDetail; money: MoneyText }) {
  const canRefund = useCan('refund');
  const actionable = payment.earlyFraudWarnings.some((warning) => warning.actionable);
  const authorizedOnly = payment.status === 'authorized';
  const [outcome, setOutcome] = useState<string | null>(null);

  return (
    <Panel id="fraud-warning-title" title="Early fraud warnings">
      {outcome ? (
        <div className="notice panel__body" role="status">
          <p>{outcome}</p>
        </div>
      ) : null}
      {actionable ? (
        <div className="notice notice--warn panel__body">
          <p>
            The card's bank says this charge may be fraudulent.{' '}
            {authorizedOnly
              ? 'Nothing is captured yet: release the authorisation (reason “Fraudulent”) rather than capture it.'
              : payment.refundable > 0
                ? `Refunding the ${money(payment.refundable)} left now usually keeps it from becoming a dispute.`
                : 'Nothing is left to refund.'}
          </p>
        </div>
      ) : null}
      <DataTable
        label="Early fraud warnings on this payment"
        caption="Early fraud warnings on this payment"
        columns={['Received', 'Fraud type', 'Actionable', 'Warning']}
      >
        {payment.earlyFraudWarnings.map((warning) => (
          <tr key={warning.stripeWarningId}>
            <td className="nowrap">{formatInstant(warning.createdAt)}</td>
            <td>{humanize(warning.fraudType)}</td>
            <td>{warning.actionable ? 'Yes' : 'No: disputed or refunded'}</td>
            <td>
              <code>{warning.stripeWarningId}</code>
            </td>
          </tr>
        ))}
      </DataTable>
      {actionable && canRefund && !authorizedOnly && payment.refundable > 0 ? (
        <div className="panel__body">
          <FraudRefundButton
            orderId={payment.orderId}
            refundable={payment.refundable}
            currency={payment.currency}
            onDone={setOutcome}
          />
        </div>
      ) : null}
    </Panel>
  );
}
