import type { ReviewView } from '@storepay/payments-core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { DataTable, Panel } from '../app/data-table';
import { formatCard, formatInstant, humanize, StatusBadge } from '../app/format';
import { EmptyState, PageHeader } from '../app/page-states';
import { QueryState } from '../app/query-state';
import { formatAmount } from '../payments/money-input';
import { useCan } from '../session/session-context';
import { FraudRefundButton } from './fraud-refund';
import { fraudWarningQueries, reviewQueries, type ReviewFilter } from './review-queries';
import { decisionOutcome, ReviewDecisionPanel, shortOrder, type ReviewDecisionKind } from './review-decision';

const FILTERS: { value: ReviewFilter; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'all', label: 'All' },
];

/** Radar's level and score: "Elevated · 72". */
export function formatRisk(level: string | null, score: number | null): string {
  const parts = [level ? humanize(level) : null, score === null ? null : String(score)].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : '—';
}

/** How a review ended, or that it is still open. */
export function reviewState(review: ReviewView): string {
  if (review.open) return 'Open';
  if (review.decision) {
    const by = review.decidedBy ? ` by ${review.decidedBy.email}` : '';
    return `${review.decision === 'approved' ? 'Approved' : 'Refused'}${by}`;
  }
  return `Closed: ${humanize(review.closedReason ?? review.reason).toLowerCase()}`;
}

/**
 * The Radar review queue: payments Radar held for a person to look at (their orders are not fulfilled meanwhile),
 * open ones by default or all (`?status=all`). Support and admins approve (the payment stands) or refuse (a full
 * refund as fraudulent). Below: the actionable early fraud warnings, which a full refund may keep from a dispute.
 */
export function ReviewsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filter: ReviewFilter = searchParams.get('status') === 'all' ? 'all' : 'open';
  const reviews = useQuery(reviewQueries.list(filter));
  const canDecide = useCan('decideReviews');
  const [deciding, setDeciding] = useState<{ review: ReviewView; decision: ReviewDecisionKind } | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);

  return (
    <>
      <title>Reviews · Storepay Admin</title>
      <PageHeader
        title="Reviews"
        description="Payments Radar held for review: their orders wait until someone approves the payment or refuses it."
        actions={
          <div className="segmented" role="group" aria-label="Reviews to show">
            {FILTERS.map((option) => (
              <button
                key={option.value}
                type="button"
                className="segmented__option"
                aria-pressed={option.value === filter}
                onClick={() => setSearchParams(option.value === 'open' ? {} : { status: option.value })}
              >
                {option.label}
              </button>
            ))}
          </div>
        }
      />

      {outcome ? (
        <div className="notice" role="status">
          <p>{outcome}</p>
        </div>
      ) : null}

      {deciding ? (
        <ReviewDecisionPanel
          key={`${deciding.review.id}-${deciding.decision}`}
          review={deciding.review}
          decision={deciding.decision}
          onCancel={() => setDeciding(null)}
          onDone={(result) => {
            setDeciding(null);
            setOutcome(decisionOutcome(result));
          }}
        />
      ) : null}

      <QueryState
        query={reviews}
        loading="Loading reviews…"
        errorTitle="Couldn't load the reviews"
        isEmpty={(data) => data.reviews.length === 0}
        empty={
          <EmptyState title={filter === 'open' ? 'No open reviews' : 'No reviews yet'}>
            <p>{filter === 'open' ? 'Radar holds nothing for review right now.' : 'Radar has not held any payment.'}</p>
          </EmptyState>
        }
      >
        {({ reviews: rows }) => (
          <Panel
            id="reviews-count"
            title={`${rows.length} ${filter === 'open' ? 'open ' : ''}review${rows.length === 1 ? '' : 's'}`}
          >
            <DataTable
              label="Radar reviews"
              caption="Radar reviews"
              columns={[
                'Order',
                'Reason',
                'Risk',
                'Card',
                'Email',
                { label: 'Amount', numeric: true },
                'Order status',
                'Opened',
                'Decision',
              ]}
            >
              {rows.map((review) => {
                const order = shortOrder(review.orderId);
                return (
                  <tr key={review.id}>
                    <th scope="row">
                      <Link to={`/payments/${review.orderId}`} className="cell-title">
                        <span className="visually-hidden">Payment </span>
                        {order}
                      </Link>
                      <code className="cell-subtitle">{review.stripeReviewId}</code>
                    </th>
                    <td>{humanize(review.openedReason ?? review.reason)}</td>
                    <td>{formatRisk(review.riskLevel, review.riskScore)}</td>
                    <td>{formatCard(review.cardBrand, review.cardLast4)}</td>
                    <td>{review.email}</td>
                    <td className="numeric">{formatAmount(review.amount, review.currency)}</td>
                    <td>
                      <StatusBadge status={review.orderStatus} />
                    </td>
                    <td className="nowrap">{formatInstant(review.createdAt)}</td>
                    <td>
                      {review.open && canDecide ? (
                        <div className="row-actions">
                          {(['approve', 'refuse'] as const).map((decision) => (
                            <button
                              key={decision}
                              type="button"
                              className={`button button--small${decision === 'refuse' ? ' button--danger' : ''}`}
                              aria-pressed={
                                deciding?.review.id === review.id && deciding.decision === decision ? true : undefined
                              }
                              onClick={() => {
                                setOutcome(null);
                                setDeciding({ review, decision });
                              }}
                            >
                              {decision === 'approve' ? 'Approve' : 'Refuse'}
                              <span className="visually-hidden"> order {order}</span>
                            </button>
                          ))}
                        </div>
                      ) : (
                        reviewState(review)
                      )}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          </Panel>
        )}
      </QueryState>

      <FraudWarningsPanel />
    </>
  );
}

/** Early fraud warnings that a full refund may still keep from becoming disputes. */
function FraudWarningsPanel() {
  const warnings = useQuery(fraudWarningQueries.actionable());
  const canRefund = useCan('refund');
  const [outcome, setOutcome] = useState<string | null>(null);
  return (
    <Panel id="fraud-warnings-title" title="Early fraud warnings">
      {outcome ? (
        <div className="notice panel__body" role="status">
          <p>{outcome}</p>
        </div>
      ) : null}
      <QueryState
        query={warnings}
        loading="Loading early fraud warnings…"
        errorTitle="Couldn't load the early fraud warnings"
        isEmpty={(data) => data.warnings.length === 0}
        empty={<p className="panel__body muted">No actionable early fraud warnings.</p>}
      >
        {({ warnings: rows }) => (
          <>
            <p className="panel__body muted">
              The card's bank says these charges may be fraudulent. Refunding one in full now usually keeps it from
              becoming a dispute (and its fee).
            </p>
            <DataTable
              label="Actionable early fraud warnings"
              caption="Actionable early fraud warnings"
              columns={[
                'Order',
                'Fraud type',
                { label: 'Amount', numeric: true },
                { label: 'Refundable', numeric: true },
                'Received',
                ...(canRefund ? ['Action'] : []),
              ]}
            >
              {rows.map((warning) => (
                <tr key={warning.stripeWarningId}>
                  <th scope="row">
                    <Link to={`/payments/${warning.orderId}`} className="cell-title">
                      <span className="visually-hidden">Payment </span>
                      {shortOrder(warning.orderId)}
                    </Link>
                    <code className="cell-subtitle">{warning.stripeWarningId}</code>
                  </th>
                  <td>{humanize(warning.fraudType)}</td>
                  <td className="numeric">{formatAmount(warning.amount, warning.currency)}</td>
                  <td className="numeric">{formatAmount(warning.refundable, warning.currency)}</td>
                  <td className="nowrap">{formatInstant(warning.createdAt)}</td>
                  {canRefund ? (
                    <td>
                      {warning.refundable > 0 ? (
                        <FraudRefundButton
                          orderId={warning.orderId}
                          refundable={warning.refundable}
                          currency={warning.currency}
                          what={`order ${shortOrder(warning.orderId)}`}
                          onDone={setOutcome}
                        />
                      ) : (
                        <span className="muted">Nothing to refund</span>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </DataTable>
          </>
        )}
      </QueryState>
    </Panel>
  );
}
