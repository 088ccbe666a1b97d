import { money, multiplyMoney, parseOrderId, type OrderView } from '@storepay/payments-core';
import { useEffect } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/api-client';
import { useResource } from '../api/use-resource';
import { Loaded } from '../app/loaded';
import { PageStatus } from '../app/page-states';
import { useCart } from '../cart/cart-context';
import { removePaidItems } from '../cart/pending-order';
import { forgetCheckoutAttempt } from '../checkout/idempotency-key';
import { formatAmount, STOREFRONT_LOCALE } from '../currency/storefront-currencies';
import { fetchOrder } from './order-api';
import { isSettled, statusCopy } from './order-status-copy';
import { useOrderPolling } from './use-order-polling';

export function OrderPage() {
  const orderId = parseOrderId(useParams()['id']);
  return orderId ? <OrderLoader key={orderId} orderId={orderId} /> : <OrderNotFound />;
}

function OrderLoader({ orderId }: { orderId: string }) {
  // An unknown order answers 404: that is a page of its own, not an error to retry.
  const order = useResource(`order:${orderId}`, (signal) =>
    fetchOrder(orderId, { signal }).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }),
  );
  return (
    <Loaded resource={order} loadingLabel="Loading your order…" errorTitle="We couldn't load this order">
      {(loaded) => (loaded ? <OrderStatusView initial={loaded} /> : <OrderNotFound />)}
    </Loaded>
  );
}

function OrderStatusView({ initial }: { initial: OrderView }) {
  const { order, polling, gaveUp, pollError, refresh } = useOrderPolling(initial);
  const { remove } = useCart();
  const copy = statusCopy(order.status);
  const settled = isSettled(order.status);

  // The server says the order is paid: whatever this order bought leaves the cart (when this browser checked it out).
  useEffect(() => {
    if (settled) removePaidItems(order.id, remove);
  }, [settled, order.id, remove]);

  return (
    <>
      <title>{`${copy.headline} · Storepay shop`}</title>
      <section className={`panel order-status order-status--${copy.tone}`} aria-labelledby="order-status-heading">
        <div role="status" aria-atomic="true">
          <h1 id="order-status-heading">{copy.headline}</h1>
          <p>{copy.detail}</p>
        </div>
        {polling ? (
          <p className="inline-status">
            <span className="spinner spinner--small" aria-hidden="true" />
            Checking for updates…
          </p>
        ) : null}
        {polling && pollError ? <p className="muted">{pollError}</p> : null}
        {gaveUp ? (
          <div className="notice">
            <p>
              Still processing. This is taking longer than usual; we'll email {order.email || 'you'} once the payment is
              confirmed.
            </p>
            <button type="button" className="button button--secondary" onClick={refresh}>
              Refresh status
            </button>
          </div>
        ) : null}
        {order.status === 'expired' && !order.archived && order.items.length > 0 ? <OrderAgain order={order} /> : null}
        {order.status === 'failed' || order.status === 'canceled' ? (
          <div className="button-row button-row--start">
            <Link to="/cart" className="button">
              Back to your cart
            </Link>
          </div>
        ) : null}
      </section>

      <OrderDetails order={order} settled={settled} />

      <p className="order-page__continue">
        <Link to="/">Continue shopping</Link>
      </p>
    </>
  );
}

/** An expired order's items back in the cart (those not there already), and on to a new checkout. */
function OrderAgain({ order }: { order: OrderView }) {
  const { lines, add } = useCart();
  const navigate = useNavigate();
  function orderAgain() {
    for (const item of order.items) {
      if (!lines.some((line) => line.productId === item.productId)) add(item.productId, item.quantity);
    }
    // A new order: the expired one's key must not be sent again.
    forgetCheckoutAttempt();
    void navigate('/checkout');
  }
  return (
    <div className="button-row button-row--start">
      <button type="button" className="button" onClick={orderAgain}>
        Order these items again
      </button>
    </div>
  );
}

const dateTime = new Intl.DateTimeFormat(STOREFRONT_LOCALE, { dateStyle: 'medium', timeStyle: 'short' });

function formatDate(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateTime.format(date);
}

function OrderDetails({ order, settled }: { order: OrderView; settled: boolean }) {
  return (
    <section className="panel order-summary" aria-labelledby="order-details-heading">
      <h2 id="order-details-heading">Order details</h2>
      <dl className="summary-list summary-list--facts">
        <div>
          <dt>Order number</dt>
          <dd>
            <code>{order.id}</code>
          </dd>
        </div>
        {order.archived ? null : (
          <div>
            <dt>Receipt to</dt>
            <dd>{order.email}</dd>
          </div>
        )}
        <div>
          <dt>Placed</dt>
          <dd>{formatDate(order.createdAt)}</dd>
        </div>
        {settled && order.paidAt ? (
          <div>
            <dt>Payment received</dt>
            <dd>{formatDate(order.paidAt)}</dd>
          </div>
        ) : null}
      </dl>
      {order.archived ? (
        <p className="muted">
          The details of an order this old are no longer shown online. Your receipt email has them.
        </p>
      ) : null}
      <ul className="order-summary__lines" aria-label="Items">
        {order.items.map((item) => (
          <li key={item.productId}>
            <span>
              {item.name} <span className="muted">× {item.quantity}</span>
            </span>
            <span className="amount">
              {formatAmount(multiplyMoney(money(item.unitAmount, order.currency), item.quantity))}
            </span>
          </li>
        ))}
      </ul>
      <dl className="summary-list">
        <div className="summary-list__total">
          <dt>Total</dt>
          <dd>{formatAmount(money(order.amount, order.currency))}</dd>
        </div>
        {order.amountRefunded > 0 ? (
          <div>
            <dt>Refunded</dt>
            <dd>{formatAmount(money(order.amountRefunded, order.currency))}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

function OrderNotFound() {
  return (
    <PageStatus title="Order not found" headingLevel={1}>
      <title>Order not found · Storepay shop</title>
      <p>We couldn't find this order. Check the link in your receipt email.</p>
      <Link to="/" className="button">
        Browse the catalog
      </Link>
    </PageStatus>
  );
}
