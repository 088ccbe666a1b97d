// The Payment Element and the Pay button. The only module that imports @stripe/react-stripe-js; it belongs to the
// checkout route's chunk, so neither Stripe library is part of the initial bundle.
import { useStore } from '@nanostores/react';
import { params } from '@nanostores/i18n';
import {
  CUSTOMER_MESSAGES,
  customerMessageKeyFor,
  money,
  type CheckoutResponse,
  type StorefrontConfig,
} from '@storepay/payments-core';
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import type { PaymentIntent, Stripe, StripeElementsOptions } from '@stripe/stripe-js';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useFormats } from '../i18n/format';
import { i18n } from '../i18n/i18n';
import { locale } from '../i18n/locale';
import { getStripe } from './stripe-loader';

export const messages = i18n('payment', {
  loadFailed: "The payment form couldn't be loaded. Check your connection and try again.",
  loadAgain: 'Load the payment form again',
  loading: 'Loading the payment form…',
  pay: params('Pay {amount}'),
  processing: 'Processing your payment…',
  notThrough: "Your payment didn't go through. Check your details or try another card.",
  unreachable: "We couldn't reach the payment provider. Check your connection and try again.",
  saveCard: 'Save this card',
  savingCard: 'Saving your card…',
  cardNotSaved: "Your card couldn't be saved. Check your details or try another card.",
});

/** What a customer is told about a payment (a decline, 3D Secure, …): payments-core's messages, translated. */
export const paymentErrorMessages = i18n('paymentErrors', CUSTOMER_MESSAGES);

/** The PaymentIntent statuses after which the customer is done here and the order page takes over. */
export type CompletedPaymentStatus = Extract<PaymentIntent.Status, 'succeeded' | 'processing' | 'requires_capture'>;

const COMPLETED: readonly string[] = ['succeeded', 'processing', 'requires_capture'] satisfies CompletedPaymentStatus[];

/** The name the SEPA Direct Debit mandate authorises to debit the shopper's account (the shop's, as in its header). */
const BUSINESS_NAME = 'Storepay';

const appearance: StripeElementsOptions['appearance'] = {
  theme: 'stripe',
  variables: { colorPrimary: '#1f3a5f', colorDanger: '#b42318', borderRadius: '8px' },
};

interface PaymentStepProps {
  order: CheckoutResponse;
  /** The receipt address given at checkout: the Payment Element fills it in where a method asks for an email. */
  email: string;
  config: Pick<StorefrontConfig, 'publishableKey' | 'stripeJsUrl'>;
  /** Stripe confirmed the payment (or is processing it): go to the order page. */
  onComplete: (status: CompletedPaymentStatus) => void;
  /** A payment is in flight (or not any more). */
  onBusyChange?: (busy: boolean) => void;
}

/** Loads Stripe.js, then shows the Payment Element for the order's PaymentIntent. */
export function PaymentStep({ order, email, config, onComplete, onBusyChange }: PaymentStepProps) {
  const t = useStore(messages);
  // The Payment Element speaks the shop's language (Stripe's own translations: labels, errors, hints).
  const language = useStore(locale);
  const [stripe, setStripe] = useState<Stripe | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [loadAttempt, setLoadAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    getStripe(config).then(
      (loaded) => {
        if (active) setStripe(loaded);
      },
      () => {
        if (active) setLoadFailed(true);
      },
    );
    return () => {
      active = false;
    };
  }, [config, loadAttempt]);

  if (loadFailed) {
    return (
      <div className="form-alert" role="alert">
        <p>{t.loadFailed}</p>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setLoadFailed(false);
            setLoadAttempt((attempt) => attempt + 1);
          }}
        >
          {t.loadAgain}
        </button>
      </div>
    );
  }
  if (!stripe) {
    return (
      <p className="inline-status" role="status">
        <span className="spinner spinner--small" aria-hidden="true" />
        {t.loading}
      </p>
    );
  }
  return (
    // One Elements group per PaymentIntent (its client secret cannot change after mounting). A new language is passed
    // on as an update (Stripe's elements.update), so switching it, here or in another tab, keeps what was typed.
    <Elements
      key={order.clientSecret}
      stripe={stripe}
      options={{
        clientSecret: order.clientSecret,
        locale: language,
        appearance,
        // A signed-in shopper's saved cards, and the offer to save this one.
        ...(order.customerSessionClientSecret
          ? { customerSessionClientSecret: order.customerSessionClientSecret }
          : {}),
      }}
    >
      <PaymentForm order={order} email={email} onComplete={onComplete} onBusyChange={onBusyChange} />
    </Elements>
  );
}

function PaymentForm({ order, email, onComplete, onBusyChange }: Omit<PaymentStepProps, 'config'>) {
  const t = useStore(messages);
  const errors = useStore(paymentErrorMessages);
  const format = useFormats();
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const [paying, setPaying] = useState(false);
  // Set synchronously: a second click in the same frame, before React re-renders the disabled button, is ignored.
  const payingRef = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const amount = format.amount(money(order.amount, order.currency));

  function setBusy(busy: boolean) {
    payingRef.current = busy;
    setPaying(busy);
    onBusyChange?.(busy);
  }

  async function pay(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!stripe || !elements || payingRef.current) return;
    setBusy(true);
    setError(null);
    let completed = false;
    try {
      // Incomplete or invalid card details: the Payment Element marks the field; nothing is sent to Stripe.
      const submitted = await elements.submit();
      if (submitted.error) {
        setError(errors[customerMessageKeyFor(submitted.error)]);
        return;
      }
      const result = await stripe.confirmPayment({
        elements,
        confirmParams: { return_url: `${window.location.origin}/orders/${encodeURIComponent(order.orderId)}` },
        redirect: 'if_required',
      });
      if (result.error) {
        // A decline, a failed 3D Secure check, ...: same order and PaymentIntent, so another card can be tried.
        setError(errors[customerMessageKeyFor(result.error)]);
        return;
      }
      const { status } = result.paymentIntent;
      if (COMPLETED.includes(status)) {
        completed = true;
        onComplete(status as CompletedPaymentStatus);
        return;
      }
      setError(status === 'requires_action' ? errors.authenticationRequired : t.notThrough);
    } catch {
      setError(t.unreachable);
    } finally {
      // After a completed payment the button stays disabled while the order page loads.
      if (!completed) setBusy(false);
    }
  }

  return (
    <form className="payment-form" onSubmit={(event) => void pay(event)} noValidate>
      {/* Cards, and in euros SEPA Direct Debit: its mandate names the shop, its email field starts with the receipt's. */}
      <PaymentElement
        onReady={() => setReady(true)}
        options={{ business: { name: BUSINESS_NAME }, defaultValues: { billingDetails: { email } } }}
      />
      {error ? (
        <div className="form-alert" role="alert">
          {error}
        </div>
      ) : null}
      <button
        type="submit"
        className="button button--block button--pay"
        disabled={!stripe || !elements || !ready || paying}
        aria-describedby="payment-progress"
      >
        {paying ? <span className="spinner spinner--small spinner--on-brand" aria-hidden="true" /> : null}
        {t.pay({ amount })}
      </button>
      <p id="payment-progress" className="inline-status" role="status">
        {paying ? t.processing : ready ? '' : t.loading}
      </p>
    </form>
  );
}

/** Loads Stripe.js once, as the payment step does; null until it is there, false when it could not be loaded. */
function useStripeJs(config: Pick<StorefrontConfig, 'publishableKey' | 'stripeJsUrl'>) {
  const [stripe, setStripe] = useState<Stripe | null | false>(null);
  useEffect(() => {
    let active = true;
    getStripe(config).then(
      (loaded) => active && setStripe(loaded),
      () => active && setStripe(false),
    );
    return () => {
      active = false;
    };
  }, [config]);
  return stripe;
}

/**
 * Saving a card without buying (the account's payment methods): the Payment Element for a SetupIntent, and
 * confirmSetup. 3D Secure, when the bank asks, happens here too.
 */
export function CardSetupStep({
  clientSecret,
  config,
  onSaved,
}: {
  clientSecret: string;
  config: Pick<StorefrontConfig, 'publishableKey' | 'stripeJsUrl'>;
  onSaved: () => void;
}) {
  const t = useStore(messages);
  const language = useStore(locale);
  const stripe = useStripeJs(config);
  if (stripe === false) {
    return (
      <div className="form-alert" role="alert">
        <p>{t.loadFailed}</p>
      </div>
    );
  }
  if (!stripe) {
    return (
      <p className="inline-status" role="status">
        <span className="spinner spinner--small" aria-hidden="true" />
        {t.loading}
      </p>
    );
  }
  return (
    <Elements key={clientSecret} stripe={stripe} options={{ clientSecret, locale: language, appearance }}>
      <CardSetupForm onSaved={onSaved} />
    </Elements>
  );
}

function CardSetupForm({ onSaved }: { onSaved: () => void }) {
  const t = useStore(messages);
  const errors = useStore(paymentErrorMessages);
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!stripe || !elements || saving) return;
    setSaving(true);
    setError(null);
    try {
      const submitted = await elements.submit();
      if (submitted.error) {
        setError(errors[customerMessageKeyFor(submitted.error)]);
        return;
      }
      const result = await stripe.confirmSetup({
        elements,
        confirmParams: { return_url: `${window.location.origin}/account` },
        redirect: 'if_required',
      });
      if (result.error) setError(errors[customerMessageKeyFor(result.error)]);
      else if (result.setupIntent.status === 'succeeded') onSaved();
      else setError(t.cardNotSaved);
    } catch {
      setError(t.unreachable);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="payment-form" onSubmit={(event) => void save(event)} noValidate>
      <PaymentElement onReady={() => setReady(true)} />
      {error ? (
        <div className="form-alert" role="alert">
          {error}
        </div>
      ) : null}
      <button type="submit" className="button button--block" disabled={!stripe || !elements || !ready || saving}>
        {t.saveCard}
      </button>
      <p className="inline-status" role="status">
        {saving ? t.savingCard : ready ? '' : t.loading}
      </p>
    </form>
  );
}
