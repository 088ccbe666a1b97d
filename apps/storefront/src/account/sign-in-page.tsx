import { useStore } from '@nanostores/react';
import { params } from '@nanostores/i18n';
import { checkoutRequestSchema, type ShopperSession } from '@storepay/payments-core';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/api-client';
import { apiMessages } from '../api/api-messages';
import { DocumentTitle } from '../app/page-states';
import { i18n } from '../i18n/i18n';
import { locale } from '../i18n/locale';
import { redeemSignInLink, requestSignInLink } from './account-api';
import { setShopperSession } from './session';

export const messages = i18n('signIn', {
  title: 'Sign in',
  intro: 'No password: we email you a link that signs you in. It works once, for 15 minutes.',
  email: 'Email',
  send: 'Email me a sign-in link',
  sending: 'Sending…',
  sent: params('Check your inbox: if {email} can receive email, a sign-in link is on its way.'),
  sentHint: 'Nothing there? Look in your spam folder, or ask for another link.',
  emailInvalid: 'Enter a valid email address, like name@example.com.',
  signingIn: 'Signing you in…',
  linkInvalid: 'This sign-in link was used already or has expired. Ask for a new one below.',
  failed: 'Something went wrong. Please try again in a moment.',
});

/**
 * One use of each link per page load, however often the effect runs (React's strict mode runs it twice): a second
 * request would find the token used.
 */
const redemptions = new Map<string, Promise<ShopperSession>>();

/** The sign-in link's token, from the URL's fragment (never sent to a server by the browser). */
function tokenInFragment(hash: string): string | null {
  const token = new URLSearchParams(hash.slice(1)).get('token');
  return token && token.length >= 20 ? token : null;
}

/**
 * Signing in: ask for a link by email, and open one. A link's token sits in the fragment: the page sends it to the
 * API once, then removes it from the address bar and the history.
 */
export function SignInPage() {
  const t = useStore(messages);
  const api = useStore(apiMessages);
  const language = useStore(locale);
  const navigate = useNavigate();
  // A link opened in this very tab changes only the fragment: the page signs in then too.
  const { hash } = useLocation();
  const id = useId();
  const emailRef = useRef<HTMLInputElement>(null);
  const [email, setEmail] = useState('');
  const [state, setState] = useState<'idle' | 'redeeming' | 'sending' | 'sent'>(() =>
    tokenInFragment(hash) ? 'redeeming' : 'idle',
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState('');
  const [seenHash, setSeenHash] = useState(hash);
  if (hash !== seenHash) {
    // A new link: the page shows it being used (the effect below uses it).
    setSeenHash(hash);
    if (tokenInFragment(hash)) {
      setState('redeeming');
      setProblem(null);
    }
  }

  useEffect(() => {
    const token = tokenInFragment(hash);
    if (!token) return;
    window.history.replaceState(null, '', window.location.pathname);
    let active = true;
    let redemption = redemptions.get(token);
    if (!redemption) {
      redemption = redeemSignInLink(token, language);
      redemptions.set(token, redemption);
    }
    redemption.then(
      (session) => {
        if (!active) return;
        setShopperSession(session);
        void navigate('/account', { replace: true });
      },
      (error: unknown) => {
        if (!active) return;
        setState('idle');
        setProblem(error instanceof ApiError && error.code === 'sign_in_link_invalid' ? t.linkInvalid : t.failed);
      },
    );
    return () => {
      active = false;
    };
    // Once per link the page is given; the words and the language in force then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hash]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const address = email.trim();
    if (!checkoutRequestSchema.shape.email.safeParse(address).success) {
      setProblem(t.emailInvalid);
      emailRef.current?.focus();
      return;
    }
    setProblem(null);
    setState('sending');
    try {
      await requestSignInLink(address, language);
      setSentTo(address);
      setState('sent');
    } catch (error) {
      setState('idle');
      setProblem(error instanceof ApiError ? api.describe(error) : t.failed);
    }
  }

  return (
    <>
      <DocumentTitle page={t.title} />
      <div className="page-heading">
        <h1>{t.title}</h1>
      </div>
      <section className="panel checkout-form" aria-labelledby={`${id}-heading`}>
        <h2 id={`${id}-heading`} className="visually-hidden">
          {t.title}
        </h2>
        {state === 'redeeming' ? (
          <p className="inline-status" role="status">
            <span className="spinner spinner--small" aria-hidden="true" />
            {t.signingIn}
          </p>
        ) : state === 'sent' ? (
          <div role="status">
            <p>{t.sent({ email: sentTo })}</p>
            <p className="muted">{t.sentHint}</p>
          </div>
        ) : (
          <form onSubmit={(event) => void submit(event)} noValidate>
            <p>{t.intro}</p>
            {problem ? (
              <div className="form-alert" role="alert">
                {problem}
              </div>
            ) : null}
            <div className="field">
              <label htmlFor={`${id}-email`}>{t.email}</label>
              <input
                ref={emailRef}
                id={`${id}-email`}
                type="email"
                inputMode="email"
                autoComplete="email"
                autoCapitalize="none"
                spellCheck={false}
                required
                maxLength={254}
                value={email}
                onChange={(event) => setEmail(event.target.value)}
              />
            </div>
            <button type="submit" className="button button--block" disabled={state === 'sending'}>
              {state === 'sending' ? t.sending : t.send}
            </button>
          </form>
        )}
      </section>
    </>
  );
}
