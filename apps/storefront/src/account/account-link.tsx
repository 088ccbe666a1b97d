import { useStore } from '@nanostores/react';
import { useEffect } from 'react';
import { NavLink } from 'react-router';
import { i18n } from '../i18n/i18n';
import { loadShopperSession, shopperSession } from './session';

export const messages = i18n('accountLink', { signIn: 'Sign in', account: 'Your account' });

/** The header's way to the account: "Sign in" for a guest, "Your account" once signed in. */
export function AccountLink() {
  const t = useStore(messages);
  const session = useStore(shopperSession);
  useEffect(() => {
    void loadShopperSession();
  }, []);
  return <NavLink to={session ? '/account' : '/account/sign-in'}>{session ? t.account : t.signIn}</NavLink>;
}
