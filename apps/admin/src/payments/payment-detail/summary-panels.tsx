import type { PaymentDetail } from '@storepay/payments-core';
import { Link } from 'react-router';
import { formatInstant, humanize, StatusBadge } from '../../app/format';
import { Panel } from '../../app/data-table';
import { Detail, type MoneyText } from './detail-list';

/** What was paid, refunded and is still refundable, and when. */
export function AmountsPanel({ payment, money }: { payment: PaymentDetail; money: MoneyText }) {
  return (
    <Panel id="amounts-title" title="Amounts">
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
    </Panel>
  );
}

/** Who paid, with which card, and the ids to look the payment up at Stripe. */
export function CustomerPanel({ payment }: { payment: PaymentDetail }) {
  const card = payment.card;
  return (
    <Panel id="customer-title" title="Customer and card">
      <dl className="details" aria-labelledby="customer-title">
        <Detail term="Email">{payment.email}</Detail>
        <Detail term="Card brand">{card?.brand ? humanize(card.brand) : null}</Detail>
        <Detail term="Last 4">{card?.last4 ? `•••• ${card.last4}` : null}</Detail>
        <Detail term="Card country">{card?.country}</Detail>
        <Detail term="Expires">
          {card?.expMonth && card.expYear ? `${String(card.expMonth).padStart(2, '0')}/${card.expYear}` : null}
        </Detail>
        <Detail term="PaymentIntent">{payment.paymentIntentId ? <code>{payment.paymentIntentId}</code> : null}</Detail>
        <Detail term="Order">
          <code>{payment.orderId}</code>
        </Detail>
      </dl>
    </Panel>
  );
}

/** Radar's view of the payment, its dispute, and why it failed. */
export function RiskPanel({ payment, money }: { payment: PaymentDetail; money: MoneyText }) {
  const { risk, dispute, failure } = payment;
  return (
    <Panel id="risk-title" title="Risk and disputes">
      <dl className="details" aria-labelledby="risk-title">
        <Detail term="Risk level">{risk?.level ? humanize(risk.level) : null}</Detail>
        <Detail term="Radar outcome">{risk?.outcomeType ? humanize(risk.outcomeType) : null}</Detail>
        <Detail term="Network status">{risk?.networkStatus ? humanize(risk.networkStatus) : null}</Detail>
        <Detail term="Dispute">
          {dispute ? (
            <>
              {`${humanize(dispute.status)} · ${money(dispute.amount)} · ${humanize(dispute.reason)}`}
              <Link to={`/disputes/${dispute.id}`} className="cell-subtitle">
                {dispute.status.endsWith('needs_response') ? 'Answer the dispute with evidence' : 'Open the dispute'}
              </Link>
            </>
          ) : (
            'None'
          )}
        </Detail>
        {failure ? (
          <Detail term="Failure">
            {[failure.message, failure.code, failure.declineCode].filter(Boolean).join(' · ') || 'Failed'}
          </Detail>
        ) : null}
      </dl>
    </Panel>
  );
}
