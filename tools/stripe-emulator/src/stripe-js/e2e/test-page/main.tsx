// Test-only checkout page for the Stripe.js stand-in, the way a storefront integrates Stripe: <Elements> with the
// PaymentIntent's client secret, <PaymentElement/>, elements.submit() then stripe.confirmPayment().
// Built by Vite in src/stripe-js/e2e/serve.ts; never part of the emulator's runtime.
import { StrictMode, useEffect, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import type { Stripe, StripeElementLocale, StripeElements, StripePaymentElement } from '@stripe/stripe-js';
import { loadStripe } from '@stripe/stripe-js/pure';

const query = new URLSearchParams(location.search);
const clientSecret = query.get('client_secret');
const locale = (query.get('locale') ?? 'en') as StripeElementLocale;
const redirectMode = query.get('redirect') === 'always' ? 'always' : 'if_required';
const isSetup = clientSecret?.startsWith('seti_') ?? false;
const customerSessionClientSecret = query.get('customer_session') ?? undefined;
/** The Payment Element's `business.name`: the SEPA Debit mandate names it. */
const business = query.get('business');
const stripePromise = loadStripe('pk_test_stripejs_e2e');

function CheckoutForm() {
  const stripe = useStripe();
  const elements = useElements();
  const [ready, setReady] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  async function pay(event: FormEvent) {
    event.preventDefault();
    if (!stripe || !elements) return;
    setError('');
    // Invalid or incomplete fields: the Payment Element shows why inline, and nothing is charged.
    const { error: submitError } = await elements.submit();
    if (submitError) return;
    setBusy(true);
    const confirmParams = { return_url: `${location.origin}/return` };
    const result = isSetup
      ? await stripe.confirmSetup({ elements, confirmParams, redirect: 'if_required' })
      : redirectMode === 'always'
        ? await stripe.confirmPayment({ elements, confirmParams })
        : await stripe.confirmPayment({ elements, confirmParams, redirect: 'if_required' });
    setBusy(false);
    if (result.error) setError(result.error.message ?? 'Unknown error');
    else if ('paymentIntent' in result && result.paymentIntent) setStatus(`Payment ${result.paymentIntent.status}`);
    else if ('setupIntent' in result && result.setupIntent) setStatus(`Setup ${result.setupIntent.status}`);
  }

  return (
    <form onSubmit={(event) => void pay(event)} data-ready={ready ? 'true' : 'false'}>
      <PaymentElement onReady={() => setReady(true)} options={business ? { business: { name: business } } : {}} />
      <button type="submit" disabled={!stripe || !ready || busy}>
        {isSetup ? 'Save card' : 'Pay'}
      </button>
      <p role="status">{status}</p>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}

/** The return_url page: what Stripe.js put in the query string, and the intent as Stripe.js retrieves it. */
function ReturnPage() {
  const [status, setStatus] = useState('');
  const secret = query.get('payment_intent_client_secret');
  useEffect(() => {
    if (!secret) return;
    void stripePromise.then(async (stripe) => {
      const result = await stripe?.retrievePaymentIntent(secret);
      setStatus(result?.paymentIntent ? `Payment ${result.paymentIntent.status}` : (result?.error?.message ?? ''));
    });
  }, [secret]);
  return (
    <main>
      <h1>Returned: {query.get('redirect_status')}</h1>
      <p role="status">{status}</p>
    </main>
  );
}

/** The intent was confirmed on the server and needs 3DS: stripe.handleNextAction() shows the challenge. */
function NextActionPage({ secret }: { secret: string }) {
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  async function authenticate() {
    const stripe = await stripePromise;
    const result = await stripe!.handleNextAction({ clientSecret: secret });
    if (result.error) setError(result.error.message ?? 'Unknown error');
    else if ('paymentIntent' in result && result.paymentIntent) setStatus(`Payment ${result.paymentIntent.status}`);
  }
  return (
    <main>
      <button type="button" onClick={() => void authenticate()}>
        Authenticate
      </button>
      <p role="status">{status}</p>
      {error ? <p role="alert">{error}</p> : null}
    </main>
  );
}

/**
 * Stripe.js without React: elements.create('payment') + mount, stripe.createPaymentMethod({elements}) and
 * stripe.confirmCardPayment(clientSecret, {payment_method}), plus the integration errors of wrong usage.
 */
function VanillaPage({ secret }: { secret: string }) {
  const [stripe, setStripe] = useState<Stripe | null>(null);
  const [elements, setElements] = useState<StripeElements | null>(null);
  const [lines, setLines] = useState<string[]>([]);
  const log = (line: string) => setLines((previous) => [...previous, line]);

  useEffect(() => {
    let element: StripePaymentElement | null = null;
    let cancelled = false;
    void stripePromise.then((loaded) => {
      if (!loaded || cancelled) return;
      const group = loaded.elements({ clientSecret: secret, locale: 'ja' });
      element = group.create('payment');
      element.on('ready', () => log('ready'));
      element.on('change', (event) => log(`change complete=${event.complete}`));
      element.mount('#vanilla-payment');
      setStripe(loaded);
      setElements(group);
    });
    return () => {
      cancelled = true;
      element?.destroy();
    };
  }, [secret]);

  async function pay() {
    if (!stripe || !elements) return;
    const created = await stripe.createPaymentMethod({ elements });
    if (created.error) return log(`error: ${created.error.message}`);
    log(`payment method ${created.paymentMethod.card?.brand} ${created.paymentMethod.card?.last4}`);
    const confirmed = await stripe.confirmCardPayment(secret, { payment_method: created.paymentMethod.id });
    log(confirmed.error ? `error: ${confirmed.error.message}` : `Payment ${confirmed.paymentIntent.status}`);
  }

  function misuse() {
    const attempts: Array<() => unknown> = [
      () => window.Stripe!('sk_test_secret'),
      () => elements!.create('card'),
      () => elements!.create('payment'),
    ];
    for (const attempt of attempts) {
      try {
        attempt();
        log('no error');
      } catch (error) {
        log(`${(error as Error).name}: ${(error as Error).message}`);
      }
    }
  }

  return (
    <main>
      <div id="vanilla-payment" />
      <button type="button" onClick={() => void pay()} disabled={!elements}>
        Create and confirm
      </button>
      <button type="button" onClick={misuse} disabled={!elements}>
        Misuse
      </button>
      <ul aria-label="Log">
        {lines.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ul>
    </main>
  );
}

function App() {
  if (location.pathname === '/return') return <ReturnPage />;
  if (clientSecret && query.get('flow') === 'next_action') return <NextActionPage secret={clientSecret} />;
  if (clientSecret && query.get('flow') === 'vanilla') return <VanillaPage secret={clientSecret} />;
  if (!clientSecret) return <p>Open this page with ?client_secret=pi_..._secret_...</p>;
  return (
    <Elements
      stripe={stripePromise}
      options={{ clientSecret, locale, appearance: { theme: 'stripe' }, customerSessionClientSecret }}
    >
      <CheckoutForm />
    </Elements>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
