import { useStore } from '@nanostores/react';
import { params } from '@nanostores/i18n';
import { money, multiplyMoney, parseOrderId, type OrderView } from '@storepay/payments-core';
import { useEffect } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/api-client';
import { apiMessages } from '../api/api-messages';
import { useResource } from '../api/use-resource';
import { Loaded } from '../app/loaded';
import { DocumentTitle, messages as pageMessages, PageStatus } from '../app/page-states';
import { useCart } from '../cart/cart-context';
import { removePaidItems } from '../cart/pending-order';
import { forgetCheckoutAttempt } from '../checkout/idempotency-key';
import { useFormats } from '../i18n/format';
import { i18n } from '../i18n/i18n';
import { fetchOrder } from './order-api';
import { isSettled, messages as statusMessages, statusCopy } from './order-status-copy';
import { useOrderPolling } from './use-order-polling';

export const messages = i18n('order', {
  loadFailed: "We couldn't load this order",
  checking: 'Checking for updates…',
  pollFailed: 'Could not check the order just now. Trying again shortly.',
  stillProcessing: params(
    "Still processing. This is taking longer than usual; we'll email {email} once the payment is confirmed.",
  ),
  you: 'you',
  refreshStatus: 'Refresh status',
  backToCart: 'Back to your cart',
  orderAgain: 'Order these items again',
  continueShopping: 'Continue shopping',
  details: 'Order details',
  number: 'Order number',
  receiptTo: 'Receipt to',
  printReceipt: 'Print receipt',
  placed: 'Placed',
  paymentReceived: 'Payment received',
  archived: 'The details of an order this old are no longer shown online. Your receipt email has them.',
  items: 'Items',
  total: 'Total',
  refunded: 'Refunded',
  notFound: 'Order not found',
  notFoundBody: "We couldn't find this order. Check the link in your receipt email.",
  browseCatalog: 'Browse the catalog',
});

export function OrderPage() {
  const orderId = parseOrderId(useParams()['id']);
  return orderId ? <OrderLoader key={orderId} orderId={orderId} /> : <OrderNotFound />;
}

function OrderLoader({ orderId }: { orderId: string }) {
  const t = useStore(messages);
  const pages = useStore(pageMessages);
  // An unknown order answers 404: that is a page of its own, not an error to retry.
  const order = useResource(`order:${orderId}`, (signal) =>
    fetchOrder(orderId, { signal }).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }),
  );
  return (
    <Loaded resource={order} loadingLabel={pages.loadingOrder} errorTitle={t.loadFailed}>
      {(loaded) => (loaded ? <OrderStatusView initial={loaded} /> : <OrderNotFound />)}
    </Loaded>
  );
}

function OrderStatusView({ initial }: { initial: OrderView }) {
  const t = useStore(messages);
  const api = useStore(apiMessages);
  const { order, polling, gaveUp, pollError, refresh } = useOrderPolling(initial);
  const { remove } = useCart();
  const copy = statusCopy(order.status, useStore(statusMessages));
  const settled = isSettled(order.status);

  // The server says the order is paid: whatever this order bought leaves the cart (when this browser checked it out).
  useEffect(() => {
    if (settled) removePaidItems(order.id, remove);
  }, [settled, order.id, remove]);

  return (
    <>
      <DocumentTitle page={copy.headline} />
      <section className={`panel order-status order-status--${copy.tone}`} aria-labelledby="order-status-heading">
        <div role="status" aria-atomic="true">
          <h1 id="order-status-heading">{copy.headline}</h1>
          <p>{copy.detail}</p>
        </div>
        {polling ? (
          <p className="inline-status">
            <span className="spinner spinner--small" aria-hidden="true" />
            {t.checking}
          </p>
        ) : null}
        {polling && pollError ? (
          <p className="muted">{pollError.error instanceof ApiError ? api.describe(pollError.error) : t.pollFailed}</p>
        ) : null}
        {gaveUp ? (
          <div className="notice">
            <p>{t.stillProcessing({ email: order.email || t.you })}</p>
            <button type="button" className="button button--secondary" onClick={refresh}>
              {t.refreshStatus}
            </button>
          </div>
        ) : null}
        {order.status === 'expired' && !order.archived && order.items.length > 0 ? <OrderAgain order={order} /> : null}
        {order.status === 'failed' || order.status === 'canceled' ? (
          <div className="button-row button-row--start">
            <Link to="/cart" className="button">
              {t.backToCart}
            </Link>
          </div>
        ) : null}
      </section>

      <OrderDetails order={order} settled={settled} />

      <p className="order-page__continue">
        <Link to="/">{t.continueShopping}</Link>
      </p>
    </>
  );
}

/** An expired order's items back in the cart (those not there already), and on to a new checkout. */
function OrderAgain({ order }: { order: OrderView }) {
  const t = useStore(messages);
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
        {t.orderAgain}
      </button>
    </div>
  );
}

function OrderDetails({ order, settled }: { order: OrderView; settled: boolean }) {
  const t = useStore(messages);
  const format = useFormats();
  return (
    <section className="panel order-summary" aria-labelledby="order-details-heading">
      <h2 id="order-details-heading">{t.details}</h2>
      <dl className="summary-list summary-list--facts">
        <div>
          <dt>{t.number}</dt>
          <dd>
            <code>{order.id}</code>
          </dd>
        </div>
        {order.archived ? null : (
          <div>
            <dt>{t.receiptTo}</dt>
            <dd>{order.email}</dd>
          </div>
        )}
        <div>
          <dt>{t.placed}</dt>
          <dd>{format.dateTime(order.createdAt)}</dd>
        </div>
        {settled && order.paidAt ? (
          <div>
            <dt>{t.paymentReceived}</dt>
            <dd>{format.dateTime(order.paidAt)}</dd>
          </div>
        ) : null}
      </dl>
      {order.archived ? <p className="muted">{t.archived}</p> : null}
      {settled && !order.archived ? (
        <p className="print-hidden">
          <button type="button" className="button button--secondary" onClick={() => window.print()}>
            {t.printReceipt}
          </button>
        </p>
      ) : null}
      <ul className="order-summary__lines" aria-label={t.items}>
        {order.items.map((item) => (
          <li key={item.productId}>
            <span>
              {item.name} <span className="muted">× {item.quantity}</span>
            </span>
            <span className="amount">
              {format.amount(multiplyMoney(money(item.unitAmount, order.currency), item.quantity))}
            </span>
          </li>
        ))}
      </ul>
      <dl className="summary-list">
        <div className="summary-list__total">
          <dt>{t.total}</dt>
          <dd>{format.amount(money(order.amount, order.currency))}</dd>
        </div>
        {order.amountRefunded > 0 ? (
          <div>
            <dt>{t.refunded}</dt>
            <dd>{format.amount(money(order.amountRefunded, order.currency))}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

function OrderNotFound() {
  const t = useStore(messages);
  return (
    <PageStatus title={t.notFound} headingLevel={1}>
      <DocumentTitle page={t.notFound} />
      <p>{t.notFoundBody}</p>
      <Link to="/" className="button">
        {t.browseCatalog}
      </Link>
    </PageStatus>
  );
}
