import { useStore } from '@nanostores/react';
import { params } from '@nanostores/i18n';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { DocumentTitle, messages as pageMessages, PageLoading, PageStatus } from '../app/page-states';
import { i18n } from '../i18n/i18n';
import { signOut } from './account-api';
import { setShopperSession, shopperSession } from './session';

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
});

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
