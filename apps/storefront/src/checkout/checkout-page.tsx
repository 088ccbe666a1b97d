import {
  checkoutRequestSchema,
  money,
  type CheckoutRequest,
  type CheckoutResponse,
  type Money,
  type Product,
  type StorefrontConfig,
} from '@storepay/payments-core';
import { useStore } from '@nanostores/react';
import { params } from '@nanostores/i18n';
import type { StoreValue } from 'nanostores';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../api/api-client';
import { apiMessages } from '../api/api-messages';
import { useResource } from '../api/use-resource';
import { Loaded } from '../app/loaded';
import { DocumentTitle, messages as pageMessages, PageStatus } from '../app/page-states';
import { fetchProducts } from '../catalog/catalog-api';
import { useCart } from '../cart/cart-context';
import { summarizeCart, type CartEntry } from '../cart/cart-lines';
import { rememberPendingOrder, removePaidItems } from '../cart/pending-order';
import { useCurrency } from '../currency/currency-context';
import { currencyLabel } from '../currency/storefront-currencies';
import { useFormats } from '../i18n/format';
import { i18n } from '../i18n/i18n';
import { locale } from '../i18n/locale';
import { createCheckout, fetchStorefrontConfig } from './checkout-api';
import { createAttemptKeys } from './idempotency-key';
import { PaymentStep, type CompletedPaymentStatus } from './payment-step';
import { getStripe } from './stripe-loader';

export const messages = i18n('checkout', {
  title: 'Checkout',
  loadFailed: "We couldn't load the checkout",
  nothingToCheckOut: 'There is nothing to check out',
  nothingBuyableIn: params('Nothing in your cart can be bought in {currency}.'),
  cartEmpty: 'Your cart is empty.',
  reviewCart: 'Review your cart',
  browseCatalog: 'Browse the catalog',
  payment: 'Payment',
  receiptTo: 'Receipt to',
  editDetails: 'Edit details',
  contact: 'Contact',
  email: 'Email',
  emailHint: 'We send your receipt here.',
  continueToPayment: 'Continue to payment',
  creatingOrder: 'Creating your order…',
  emailMissing: 'Enter your email address. We send your receipt there.',
  emailInvalid: 'Enter a valid email address, like name@example.com.',
  somethingWrong: 'Something went wrong. Please try again in a moment.',
  paymentsUnavailable: 'Payments are unavailable for a moment. Please try again shortly.',
  orderProblems: 'Some of your order can’t be placed as it is:',
  item: params('Item {number}'),
  lineQuantity: params('{product}: check the quantity.'),
  lineUnavailable: params('{product}: this product can’t be ordered now.'),
  currencyNotSold: 'The shop does not sell in this currency.',
  checkDetails: 'Check your details and try again.',
  summary: 'Order summary',
  total: 'Total',
  notPartOfOrder: params('Not part of this order (not sold in {currency}): {products}.'),
  anUnavailableProduct: 'an unavailable product',
  pricedByShop: 'Priced by the shop for this order.',
  confirmedWhenContinuing: 'The shop confirms the final amount when you continue.',
});

type CheckoutText = StoreValue<typeof messages>;

async function loadCheckout(signal: AbortSignal) {
  const [products, config] = await Promise.all([fetchProducts({ signal }), fetchStorefrontConfig({ signal })]);
  return { products, config };
}

export function CheckoutPage() {
  const data = useResource('checkout', loadCheckout);
  const t = useStore(messages);
  const pages = useStore(pageMessages);
  return (
    <Loaded resource={data} loadingLabel={pages.loadingCheckout} errorTitle={t.loadFailed}>
      {({ products, config }) => <Checkout products={products} config={config} />}
    </Loaded>
  );
}

type PricedEntry = Extract<CartEntry, { kind: 'priced' }>;

/** The order the API created: its client secret and server-side amount, and what the summary showed for it. */
interface CreatedOrder {
  response: CheckoutResponse;
  email: string;
  entries: PricedEntry[];
  productIds: string[];
}

function Checkout({ products, config }: { products: readonly Product[]; config: StorefrontConfig }) {
  const t = useStore(messages);
  const language = useStore(locale);
  const { lines, remove } = useCart();
  const { currency } = useCurrency();
  const navigate = useNavigate();
  const summary = summarizeCart(lines, products, currency);
  const [created, setCreated] = useState<CreatedOrder | null>(null);
  const [step, setStep] = useState<'details' | 'payment'>('details');
  const [paying, setPaying] = useState(false);
  const [email, setEmail] = useState('');
  // One key per request body for the life of this page (see createAttemptKeys).
  const [attemptKeys] = useState(() => createAttemptKeys());
  const hasItems = summary.checkoutCount > 0;

  // Start fetching Stripe.js while the shopper types their email (it is needed on the next step).
  useEffect(() => {
    if (hasItems) getStripe(config).catch(() => undefined);
  }, [config, hasItems]);

  function onCreated(response: CheckoutResponse, request: CheckoutRequest) {
    const entries = summary.entries.filter((entry): entry is PricedEntry => entry.kind === 'priced');
    const productIds = request.items.map((item) => item.productId);
    rememberPendingOrder({ orderId: response.orderId, productIds });
    setCreated({ response, email: request.email, entries, productIds });
    setStep('payment');
  }

  function onComplete(status: CompletedPaymentStatus) {
    if (!created) return;
    const { orderId } = created.response;
    // Stripe confirmed the charge (or the authorization): the cart's job is done. A payment still processing
    // leaves the cart alone; the order page empties it once the server says the order is paid.
    if (status === 'succeeded' || status === 'requires_capture') removePaidItems(orderId, remove, created.productIds);
    void navigate(`/orders/${encodeURIComponent(orderId)}`, { replace: true });
  }

  if (step === 'details' && !hasItems) {
    return (
      <>
        <DocumentTitle page={t.title} />
        <PageStatus title={t.nothingToCheckOut} headingLevel={1}>
          {lines.length > 0 ? <p>{t.nothingBuyableIn({ currency: currencyLabel(currency) })}</p> : <p>{t.cartEmpty}</p>}
          <Link to={lines.length > 0 ? '/cart' : '/'} className="button">
            {lines.length > 0 ? t.reviewCart : t.browseCatalog}
          </Link>
        </PageStatus>
      </>
    );
  }

  const shown =
    step === 'payment' && created
      ? {
          entries: created.entries,
          total: money(created.response.amount, created.response.currency),
          confirmed: true,
        }
      : { entries: summary.entries, total: summary.total, confirmed: false };

  return (
    <>
      <DocumentTitle page={t.title} />
      <div className="page-heading">
        <h1>{t.title}</h1>
      </div>
      <div className="checkout-layout">
        <div className="checkout-main">
          {step === 'payment' && created ? (
            <section className="panel" aria-labelledby="payment-heading">
              <h2 id="payment-heading">{t.payment}</h2>
              <div className="checkout-contact">
                <p>
                  {t.receiptTo} <strong>{created.email}</strong>
                </p>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  disabled={paying}
                  onClick={() => setStep('details')}
                >
                  {t.editDetails}
                </button>
              </div>
              <PaymentStep
                order={created.response}
                email={created.email}
                config={config}
                onComplete={onComplete}
                onBusyChange={setPaying}
              />
            </section>
          ) : (
            <DetailsForm
              email={email}
              onEmailChange={setEmail}
              request={{ items: summary.checkoutItems, currency, email: email.trim(), locale: language }}
              entries={summary.entries}
              keyFor={attemptKeys.keyFor}
              renewKeyFor={attemptKeys.renewKeyFor}
              onCreated={onCreated}
            />
          )}
        </div>
        <OrderSummary entries={shown.entries} total={shown.total} confirmed={shown.confirmed} />
      </div>
    </>
  );
}

interface DetailsFormProps {
  email: string;
  onEmailChange: (email: string) => void;
  /** What "Continue to payment" sends. */
  request: CheckoutRequest;
  entries: readonly CartEntry[];
  keyFor: (body: unknown) => string;
  renewKeyFor: (body: unknown) => string;
  onCreated: (response: CheckoutResponse, request: CheckoutRequest) => void;
}

interface FormProblem {
  message: string;
  /** Per-item problems from the server ("Linen tote: quantity must be at most 99"). */
  items: string[];
}

function DetailsForm({ email, onEmailChange, request, entries, keyFor, renewKeyFor, onCreated }: DetailsFormProps) {
  const t = useStore(messages);
  const api = useStore(apiMessages);
  const language = useStore(locale);
  const id = useId();
  const emailId = `${id}-email`;
  const emailRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const [emailError, setEmailError] = useState<string | null>(null);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // Set synchronously, so a double click sends one request (React disables the button only on the next render).
  const submittingRef = useRef(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submittingRef.current) return;
    const emailProblem = validateEmail(request.email, t);
    setEmailError(emailProblem);
    setProblem(null);
    if (emailProblem) {
      emailRef.current?.focus();
      return;
    }

    submittingRef.current = true;
    setSubmitting(true);
    try {
      // The key follows what is ordered, not the language it is ordered in (the API does not count that either): a
      // language switched between a failed request and its retry still gets the same order back.
      const { locale: _language, ...ordered } = request;
      const response = await createCheckout(request, keyFor(ordered)).catch((error: unknown) => {
        // This tab's earlier order of the same cart expired unpaid: place a new one.
        if (error instanceof ApiError && error.code === 'order_expired') {
          return createCheckout(request, renewKeyFor(ordered));
        }
        throw error;
      });
      onCreated(response, request);
    } catch (error) {
      const shown = describeFailure(error, request, entries, { t, describe: api.describe, english: language === 'en' });
      setEmailError(shown.email);
      setProblem(shown.problem);
      if (shown.email) emailRef.current?.focus();
      else alertRef.current?.focus();
    } finally {
      submittingRef.current = false;
      setSubmitting(false);
    }
  }

  const describedBy = [`${emailId}-hint`, emailError ? `${emailId}-error` : null].filter(Boolean).join(' ');

  return (
    <form
      className="panel checkout-form"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-labelledby={`${id}-heading`}
    >
      <h2 id={`${id}-heading`}>{t.contact}</h2>
      <div className="field">
        <label htmlFor={emailId}>{t.email}</label>
        <input
          ref={emailRef}
          id={emailId}
          name="email"
          type="email"
          inputMode="email"
          autoComplete="email"
          autoCapitalize="none"
          spellCheck={false}
          required
          maxLength={254}
          value={email}
          aria-invalid={emailError ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onEmailChange(event.target.value)}
        />
        <p id={`${emailId}-hint`} className="field-hint">
          {t.emailHint}
        </p>
        {emailError ? (
          <p id={`${emailId}-error`} className="field-error">
            {emailError}
          </p>
        ) : null}
      </div>

      {problem ? (
        <div ref={alertRef} tabIndex={-1} className="form-alert" role="alert">
          <p>{problem.message}</p>
          {problem.items.length > 0 ? (
            <>
              <ul>
                {problem.items.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
              <Link to="/cart">{t.reviewCart}</Link>
            </>
          ) : null}
        </div>
      ) : null}

      <button type="submit" className="button button--block" disabled={submitting}>
        {submitting ? <span className="spinner spinner--small spinner--on-brand" aria-hidden="true" /> : null}
        {t.continueToPayment}
      </button>
      <p className="inline-status" role="status">
        {submitting ? t.creatingOrder : ''}
      </p>
    </form>
  );
}

/** The same rule the API applies (payments-core's checkout schema), with the shop's own wording. */
export function validateEmail(email: string, t: Pick<CheckoutText, 'emailMissing' | 'emailInvalid'>): string | null {
  if (email === '') return t.emailMissing;
  if (!checkoutRequestSchema.shape.email.safeParse(email).success) return t.emailInvalid;
  return null;
}

/** "must be at most 99" → "quantity must be at most 99."; a message that is already a sentence stays as it is. */
function sentence(subject: string, message: string): string {
  const text = /^[a-z]/.test(message) ? `${subject} ${message}` : message;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

interface FailureWords {
  t: CheckoutText;
  describe: (error: ApiError) => string;
  /** The API's own (English) messages are shown as they are to English shoppers, the shop's words to others. */
  english: boolean;
}

/** The server's validation errors, by field: the email's next to the field, the cart's in the form's alert. */
function describeFailure(
  error: unknown,
  request: CheckoutRequest,
  entries: readonly CartEntry[],
  { t, describe, english }: FailureWords,
): { email: string | null; problem: FormProblem | null } {
  if (!(error instanceof ApiError)) return { email: null, problem: { message: t.somethingWrong, items: [] } };
  if (error.code === 'stripe_unavailable')
    return { email: null, problem: { message: t.paymentsUnavailable, items: [] } };

  const nameOf = (index: number) => {
    const productId = request.items[index]?.productId;
    const entry = entries.find((candidate) => candidate.kind !== 'unavailable' && candidate.product.id === productId);
    return entry && entry.kind !== 'unavailable' ? entry.product.name : t.item({ number: String(index + 1) });
  };
  let email: string | null = null;
  const items: string[] = [];
  for (const [path, message] of Object.entries(error.fields ?? {})) {
    const item = /^items\.(\d+)(?:\.(\w+))?$/.exec(path);
    if (path === 'email') email = english ? capitalize(sentence('email', message)) : t.emailInvalid;
    else if (item) {
      const product = nameOf(Number(item[1]));
      const quantity = item[2] === 'quantity';
      if (english) items.push(`${product}: ${sentence(quantity ? 'quantity' : 'this product', message)}`);
      else items.push(quantity ? t.lineQuantity({ product }) : t.lineUnavailable({ product }));
    } else if (!english) items.push(path === 'currency' ? t.currencyNotSold : t.checkDetails);
    else if (path === 'items') items.push(capitalize(sentence('', message).trim()));
    else if (path === 'currency') items.push(capitalize(sentence('the currency', message)));
    else items.push(capitalize(sentence(path, message)));
  }

  if (items.length > 0) return { email, problem: { message: t.orderProblems, items } };
  // An email problem is shown at the field; anything else without fields gets the server's message.
  return { email, problem: email ? null : { message: describe(error), items: [] } };
}

function OrderSummary({
  entries,
  total,
  confirmed,
}: {
  entries: readonly CartEntry[];
  total: Money;
  confirmed: boolean;
}) {
  const t = useStore(messages);
  const format = useFormats();
  const excluded = entries.filter((entry) => entry.kind !== 'priced');
  return (
    <section className="panel order-summary" aria-labelledby="order-summary-heading">
      <h2 id="order-summary-heading">{t.summary}</h2>
      <ul className="order-summary__lines">
        {entries.map((entry) =>
          entry.kind === 'priced' ? (
            <li key={entry.product.id}>
              <span>
                {entry.product.name} <span className="muted">× {entry.quantity}</span>
              </span>
              <span className="amount">{format.amount(entry.lineTotal)}</span>
            </li>
          ) : null,
        )}
      </ul>
      <dl className="summary-list">
        <div className="summary-list__total">
          <dt>{t.total}</dt>
          <dd>{format.amount(total)}</dd>
        </div>
      </dl>
      {excluded.length > 0 ? (
        <p className="notice notice--warning">
          {t.notPartOfOrder({
            currency: currencyLabel(total.currency),
            products: excluded
              .map((entry) => (entry.kind === 'unavailable' ? t.anUnavailableProduct : entry.product.name))
              .join(', '),
          })}
        </p>
      ) : null}
      <p className="muted">{confirmed ? t.pricedByShop : t.confirmedWhenContinuing}</p>
    </section>
  );
}
