import type { AdminCustomerDetail } from '@storepay/payments-core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { DataTable, Panel } from '../app/data-table';
import { formatCard, formatInstant, StatusBadge } from '../app/format';
import { EmptyState, PageHeader } from '../app/page-states';
import { QueryState } from '../app/query-state';
import { formatAmount } from '../payments/money-input';
import { Detail } from '../payments/payment-detail/detail-list';
import { customerQueries } from './customer-queries';

/** Account ids are UUIDs: anything else is no account, without asking the API (which would answer 400). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function CustomerPage() {
  const { customerId = '' } = useParams();
  const valid = UUID.test(customerId);
  const customer = useQuery({ ...customerQueries.detail(customerId), enabled: valid });
  const notFound = (
    <EmptyState title="No such customer">
      <title>Customer not found · Storepay Admin</title>
      <p>
        There is no customer account with the id <code>{customerId}</code>.
      </p>
      <Link to="/customers" className="button">
        Go to the customer list
      </Link>
    </EmptyState>
  );
  if (!valid) return notFound;
  return (
    <QueryState
      query={customer}
      loading="Loading the customer…"
      errorTitle="Couldn't load the customer"
      notFound={notFound}
    >
      {(detail) => <CustomerView detail={detail} />}
    </QueryState>
  );
}

function CustomerView({ detail }: { detail: AdminCustomerDetail }) {
  const { customer } = detail;
  return (
    <>
      <title>{`Customer ${customer.id.slice(0, 8)} · Storepay Admin`}</title>
      <p className="breadcrumb">
        <Link to="/customers">← Customer list</Link>
      </p>
      <PageHeader
        title={customer.email}
        description={
          detail.emailsMasked
            ? 'Emails are masked for your role: support and admins see them whole.'
            : `Account since ${formatInstant(customer.createdAt)}.`
        }
      />
      <div className="card-grid">
        <Panel id="account-title" title="Account">
          <dl className="details" aria-labelledby="account-title">
            <Detail term="Email">
              {customer.email}
              {detail.emailsMasked ? <span className="muted"> (masked)</span> : null}
            </Detail>
            <Detail term="Account id">
              <code>{customer.id}</code>
            </Detail>
            <Detail term="Stripe Customer">
              {customer.stripeCustomerId ? <code>{customer.stripeCustomerId}</code> : 'None yet'}
            </Detail>
            <Detail term="Created">{formatInstant(customer.createdAt)}</Detail>
            <Detail term="Last sign-in">{formatInstant(customer.lastSignInAt)}</Detail>
            <Detail term="Orders">{customer.orders}</Detail>
          </dl>
        </Panel>
        <SavedCardsPanel detail={detail} />
      </div>
      <OrdersPanel orders={detail.orders} />
      <NotificationsPanel notifications={detail.notifications} />
    </>
  );
}

/** The cards saved to the account's Stripe Customer, asked of Stripe now (brand and last 4 digits only). */
function SavedCardsPanel({ detail }: { detail: AdminCustomerDetail }) {
  const cards = detail.savedCards;
  return (
    <Panel id="saved-cards-title" title="Saved cards">
      {cards === null ? (
        <div className="panel__body">
          <p className="notice notice--warn" role="status">
            Stripe could not be asked for the saved cards just now. The rest of this page is up to date; reload it to
            try again.
          </p>
        </div>
      ) : cards.length === 0 ? (
        <p className="panel__body muted">
          {detail.customer.stripeCustomerId ? 'No saved cards.' : 'No saved cards: the account has no Stripe Customer.'}
        </p>
      ) : (
        <ul className="panel__body plain-list" aria-labelledby="saved-cards-title">
          {cards.map((card, index) => (
            <li key={`${index}-${card.brand}-${card.last4}`}>
              {formatCard(card.brand, card.last4)}, expires {String(card.expMonth).padStart(2, '0')}/{card.expYear}
              {card.isDefault ? <strong> (default)</strong> : null}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function OrdersPanel({ orders }: { orders: AdminCustomerDetail['orders'] }) {
  return (
    <Panel id="customer-orders-title" title={orders.length === 1 ? '1 order' : `${orders.length} orders`}>
      {orders.length === 0 ? (
        <p className="panel__body muted">No orders yet.</p>
      ) : (
        <DataTable
          label="Orders"
          caption="Orders of this customer"
          columns={[
            'Payment',
            'Status',
            { label: 'Amount', numeric: true },
            { label: 'Refunded', numeric: true },
            'Card',
            'Created',
          ]}
        >
          {orders.map((order) => (
            <tr key={order.id}>
              <th scope="row">
                <Link to={`/payments/${order.id}`} className="cell-title">
                  <span className="visually-hidden">Payment </span>
                  {order.id.slice(0, 8)}
                </Link>
              </th>
              <td>
                <StatusBadge status={order.status} />
              </td>
              <td className="numeric">{formatAmount(order.amount, order.currency)}</td>
              <td className="numeric">
                {order.amountRefunded > 0 ? formatAmount(order.amountRefunded, order.currency) : '—'}
              </td>
              <td>{order.payment ? formatCard(order.payment.cardBrand, order.payment.cardLast4) : '—'}</td>
              <td className="nowrap">{formatInstant(order.createdAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Panel>
  );
}

function NotificationsPanel({ notifications }: { notifications: AdminCustomerDetail['notifications'] }) {
  return (
    <Panel id="customer-emails-title" title="Emails sent">
      {notifications.length === 0 ? (
        <p className="panel__body muted">No emails yet.</p>
      ) : (
        <DataTable
          label="Emails sent"
          caption="Emails sent to this customer"
          columns={['Email', 'Status', 'Recipient', 'Created', 'Sent']}
        >
          {notifications.map((notification) => (
            <tr key={notification.id}>
              <th scope="row">
                <span className="cell-title">{notification.label}</span>
                {notification.orderId ? (
                  <Link to={`/payments/${notification.orderId}`} className="cell-subtitle">
                    Payment {notification.orderId.slice(0, 8)}
                  </Link>
                ) : null}
              </th>
              <td>
                <StatusBadge status={notification.status} />
              </td>
              <td>{notification.recipient ?? '—'}</td>
              <td className="nowrap">{formatInstant(notification.createdAt)}</td>
              <td className="nowrap">{formatInstant(notification.sentAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Panel>
  );
}
