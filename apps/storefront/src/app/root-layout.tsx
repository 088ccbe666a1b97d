import { useStore } from '@nanostores/react';
import { useEffect } from 'react';
import { Link, NavigationType, NavLink, Outlet, useLocation, useNavigationType } from 'react-router';
import { AccountLink } from '../account/account-link';
import { CartLink } from '../cart/cart-link';
import { CartProvider } from '../cart/cart-context';
import { CurrencyProvider } from '../currency/currency-context';
import { CurrencySwitcher } from '../currency/currency-switcher';
import { i18n } from '../i18n/i18n';
import { LanguageSwitcher } from '../i18n/language-switcher';
import { locale } from '../i18n/locale';
import { RootErrorBoundary } from './root-error-boundary';

export const messages = i18n('layout', {
  skipToContent: 'Skip to content',
  shop: 'shop',
  mainNavigation: 'Main',
  catalog: 'Catalog',
  settings: 'Shop settings',
  footer: 'Storepay · open-source Stripe payments for e-commerce',
});

export function RootLayout() {
  const t = useStore(messages);
  const language = useStore(locale);
  const { pathname } = useLocation();
  const navigationType = useNavigationType();

  // A new page starts at the top; back and forward keep the position the browser restores.
  useEffect(() => {
    if (navigationType !== NavigationType.Pop) window.scrollTo(0, 0);
  }, [pathname, navigationType]);

  // The document says which language it is in (screen readers, hyphenation, the browser's translate offer).
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  return (
    <CurrencyProvider>
      <CartProvider>
        <a href="#main" className="skip-link">
          {t.skipToContent}
        </a>
        <header className="site-header">
          <div className="container site-header__inner">
            <Link to="/" className="brand">
              <span className="brand__mark" aria-hidden="true" />
              Storepay <span className="brand__suffix">{t.shop}</span>
            </Link>
            <nav aria-label={t.mainNavigation} className="site-nav">
              <ul>
                <li>
                  <NavLink to="/" end>
                    {t.catalog}
                  </NavLink>
                </li>
                <li>
                  <CartLink />
                </li>
                <li>
                  <AccountLink />
                </li>
              </ul>
            </nav>
            <div className="site-header__settings" role="group" aria-label={t.settings}>
              <LanguageSwitcher />
              <CurrencySwitcher />
            </div>
          </div>
        </header>
        <main id="main" tabIndex={-1} className="container site-main">
          <RootErrorBoundary key={pathname}>
            <Outlet />
          </RootErrorBoundary>
        </main>
        <footer className="site-footer">
          <div className="container">{t.footer}</div>
        </footer>
      </CartProvider>
    </CurrencyProvider>
  );
}
