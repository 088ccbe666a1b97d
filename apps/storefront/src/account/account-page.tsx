import { useStore } from '@nanostores/react';
import { count, params } from '@nanostores/i18n';
import { money, type AccountOrders } from '@storepay/payments-core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useResource } from '../api/use-resource';
import { Loaded } from '../app/loaded';
import { DocumentTitle, messages as pageMessages, PageLoading, PageStatus } from '../app/page-states';
import { useFormats } from '../i18n/format';
import { i18n } from '../i18n/i18n';
import { claimGuestOrders, fetchAccountOrders, signOut } from './account-api';
import { PaymentMethods } from './payment-methods';
import { PrivacyPanel } from './privacy-panel';
import { setShopperSession, shopperSession } from './session';

export const statusLabels = i18n('accountOrderStatus', {
  pending: 'Awaiting payment',
  processing: 'Processing',
  requires_action: 'Needs your confirmation',
  authorized: 'Confirmed, charged at shipping',
  paid: 'Paid',
  failed: 'Payment failed',
  canceled: 'Canceled',
  partially_refunded: 'Partly refunded',
  refunded: 'Refunded',
  disputed: 'Disputed',
  expired: 'Expired',
});

export const messages = i18n('account', {
  title: 'Your account',
  signedInAs: params('Signed in as {email}.'),
  signOut: 'Sign out',
  signingOut: 'Signing out…',
  signedOut: 'You are not signed in',
  signInPrompt: 'Sign in to see your account.',
  signIn: 'Sign in',
  loading: 'Loading your account…',
  failed: 'Something went wrong. Please try again in a moment.',
  orders: 'Your orders',
  noOrders: 'No orders yet.',
  loadingOrders: 'Loading your orders…',
  ordersFailed: "We couldn't load your orders",
  order: 'Order',
  placed: 'Placed',
  status: 'Status',
  total: 'Total',
  items: count({ one: '{count} item', other: '{count} items' }),
  refunded: params('{amount} refunded'),
  claimable: count({
    one: 'You placed {count} earlier order with this email as a guest.',
    other: 'You placed {count} earlier orders with this email as a guest.',
  }),
  claim: 'Add them to your account',
  claiming: 'Adding…',
  deletedTitle: 'Your account is deleted',
  deleted:
    'Your account, saved cards and sign-ins are gone, and your email and name are no longer in our records. You can still shop as a guest, or make a new account.',
});

/** Where "Delete my account" ends. */
export function AccountDeletedPage() {
  const t = useStore(messages);
  const pages = useStore(pageMessages);
  return (
    <PageStatus title={t.deletedTitle} headingLevel={1}>
      <DocumentTitle page={t.deletedTitle} />
      <p>{t.deleted}</p>
      <Link to="/" className="button">
        {pages.browseCatalog}
      </Link>
    </PageStatus>
  );
}

export function AccountPage() {
  const t = useStore(messages);
  const pages = useStore(pageMessages);
  const session = useStore(shopperSession);
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  if (session === undefined) return <PageLoading label={t.loading} />;
  if (session === null) {
    return (
      <PageStatus title={t.signedOut} headingLevel={1}>
        <DocumentTitle page={t.title} />
        <p>{t.signInPrompt}</p>
        <Link to="/account/sign-in" className="button">
          {t.signIn}
        </Link>
      </PageStatus>
    );
  }

  async function leave() {
    setBusy(true);
    setProblem(null);
    try {
      await signOut();
      await navigate('/', { replace: true });
      setShopperSession(null);
    } catch {
      setProblem(t.failed);
      setBusy(false);
    }
  }

  return (
    <>
      <DocumentTitle page={t.title} />
      <div className="page-heading">
        <h1>{t.title}</h1>
        <p className="page-heading__meta">{t.signedInAs({ email: session.customer.email })}</p>
      </div>
      {problem ? (
        <div className="form-alert" role="alert">
          {problem}
        </div>
      ) : null}
      <OrderHistory />
      <PaymentMethods />
      <PrivacyPanel email={session.customer.email} />
      <p>
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => void leave()}>
          {busy ? t.signingOut : t.signOut}
        </button>
      </p>
      <p className="order-page__continue">
        <Link to="/">{pages.browseCatalog}</Link>
      </p>
    </>
  );
}

function OrderHistory() {
  const t = useStore(messages);
  const history = useResource('account-orders', (signal) => fetchAccountOrders({ signal }));
  return (
    <section className="panel order-summary" aria-labelledby="account-orders-heading">
      <h2 id="account-orders-heading">{t.orders}</h2>
      <Loaded resource={history} loadingLabel={t.loadingOrders} errorTitle={t.ordersFailed}>
        {(loaded) => (
          <OrderList history={loaded} onClaimed={() => (history.status === 'ready' ? history.reload() : undefined)} />
        )}
      </Loaded>
    </section>
  );
}

function OrderList({ history, onClaimed }: { history: AccountOrders; onClaimed: () => void }) {
  const t = useStore(messages);
  const labels = useStore(statusLabels);
  const format = useFormats();
  const [claiming, setClaiming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function claim() {
    setClaiming(true);
    setProblem(null);
    try {
      await claimGuestOrders();
      onClaimed();
    } catch {
      setProblem(t.failed);
    } finally {
      setClaiming(false);
    }
  }

  return (
    <>
      {history.claimable > 0 ? (
        <div className="notice">
          <p>{t.claimable(history.claimable)}</p>
          <button type="button" className="button button--secondary" disabled={claiming} onClick={() => void claim()}>
            {claiming ? t.claiming : t.claim}
          </button>
        </div>
      ) : null}
      {problem ? (
        <div className="form-alert" role="alert">
          {problem}
        </div>
      ) : null}
      {history.orders.length === 0 ? (
        <p>{t.noOrders}</p>
      ) : (
        <ul className="order-summary__lines" aria-label={t.orders}>
          {history.orders.map((order) => (
            <li key={order.id}>
              <span>
                <Link to={`/orders/${order.id}`}>
                  {t.order} {order.id.slice(0, 8).toUpperCase()}
                </Link>{' '}
                <span className="muted">
                  {format.dateTime(order.createdAt)} · {t.items(order.items)} · {labels[order.status]}
                  {order.amountRefunded > 0
                    ? ` · ${t.refunded({ amount: format.amount(money(order.amountRefunded, order.currency)) })}`
                    : ''}
                </span>
              </span>
              <span className="amount">{format.amount(money(order.amount, order.currency))}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
