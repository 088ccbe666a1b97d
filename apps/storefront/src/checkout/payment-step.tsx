// The Payment Element and the Pay button. The only module that imports @stripe/react-stripe-js; it belongs to the
// checkout route's chunk, so neither Stripe library is part of the initial bundle.
import { customerMessageFor, money, type CheckoutResponse, type StorefrontConfig } from '@storepay/payments-core';
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import type { PaymentIntent, Stripe, StripeElementsOptions } from '@stripe/stripe-js';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { formatAmount } from '../currency/storefront-currencies';
import { getStripe } from './stripe-loader';

/** The PaymentIntent statuses after which the customer is done here and the order page takes over. */
export type CompletedPaymentStatus = Extract<PaymentIntent.Status, 'succeeded' | 'processing' | 'requires_capture'>;

const COMPLETED: readonly string[] = ['succeeded', 'processing', 'requires_capture'] satisfies CompletedPaymentStatus[];

/** The Payment Element's language: the shop's copy is English. */
export const PAYMENT_ELEMENT_LOCALE = 'en';

const appearance: StripeElementsOptions['appearance'] = {
  theme: 'stripe',
  variables: { colorPrimary: '#1f3a5f', colorDanger: '#b42318', borderRadius: '8px' },
};

interface PaymentStepProps {
  order: CheckoutResponse;
  config: Pick<StorefrontConfig, 'publishableKey' | 'stripeJsUrl'>;
  /** Stripe confirmed the payment (or is processing it): go to the order page. */
  onComplete: (status: CompletedPaymentStatus) => void;
  /** A payment is in flight (or not any more). */
  onBusyChange?: (busy: boolean) => void;
}

/** Loads Stripe.js, then shows the Payment Element for the order's PaymentIntent. */
export function PaymentStep({ order, config, onComplete, onBusyChange }: PaymentStepProps) {
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
        <p>The payment form couldn't be loaded. Check your connection and try again.</p>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setLoadFailed(false);
            setLoadAttempt((attempt) => attempt + 1);
          }}
        >
          Load the payment form again
        </button>
      </div>
    );
  }
  if (!stripe) {
    return (
      <p className="inline-status" role="status">
        <span className="spinner spinner--small" aria-hidden="true" />
        Loading the payment form…
      </p>
    );
  }
  return (
    // One Elements group per PaymentIntent: its client secret cannot change after mounting.
    <Elements
      key={order.clientSecret}
      stripe={stripe}
      options={{ clientSecret: order.clientSecret, locale: PAYMENT_ELEMENT_LOCALE, appearance }}
    >
      <PaymentForm order={order} onComplete={onComplete} onBusyChange={onBusyChange} />
    </Elements>
  );
}

function PaymentForm({ order, onComplete, onBusyChange }: Omit<PaymentStepProps, 'config'>) {
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const [paying, setPaying] = useState(false);
  // Set synchronously: a second click in the same frame, before React re-renders the disabled button, is ignored.
  const payingRef = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const amount = formatAmount(money(order.amount, order.currency));

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
        setError(customerMessageFor(submitted.error));
        return;
      }
      const result = await stripe.confirmPayment({
        elements,
        confirmParams: { return_url: `${window.location.origin}/orders/${encodeURIComponent(order.orderId)}` },
        redirect: 'if_required',
      });
      if (result.error) {
        // A decline, a failed 3D Secure check, ...: same order and PaymentIntent, so another card can be tried.
        setError(customerMessageFor(result.error));
        return;
      }
      const { status } = result.paymentIntent;
      if (COMPLETED.includes(status)) {
        completed = true;
        onComplete(status as CompletedPaymentStatus);
        return;
      }
      setError(
        status === 'requires_action'
          ? customerMessageFor({ type: 'card_error', code: 'authentication_required' })
          : "Your payment didn't go through. Check your details or try another card.",
      );
    } catch {
      setError("We couldn't reach the payment provider. Check your connection and try again.");
    } finally {
      // After a completed payment the button stays disabled while the order page loads.
      if (!completed) setBusy(false);
    }
  }

  return (
    <form className="payment-form" onSubmit={(event) => void pay(event)} noValidate>
      <PaymentElement onReady={() => setReady(true)} />
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
        Pay {amount}
      </button>
      <p id="payment-progress" className="inline-status" role="status">
        {paying ? 'Processing your payment…' : ready ? '' : 'Loading the payment form…'}
      </p>
    </form>
  );
}
