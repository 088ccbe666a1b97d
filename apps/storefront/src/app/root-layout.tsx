import { useEffect } from 'react';
import { Link, NavigationType, NavLink, Outlet, useLocation, useNavigationType } from 'react-router';
import { CartLink } from '../cart/cart-link';
import { CartProvider } from '../cart/cart-context';
import { CurrencyProvider } from '../currency/currency-context';
import { CurrencySwitcher } from '../currency/currency-switcher';
import { RootErrorBoundary } from './root-error-boundary';

export function RootLayout() {
  const { pathname } = useLocation();
  const navigationType = useNavigationType();

  // A new page starts at the top; back and forward keep the position the browser restores.
  useEffect(() => {
    if (navigationType !== NavigationType.Pop) window.scrollTo(0, 0);
  }, [pathname, navigationType]);

  return (
    <CurrencyProvider>
      <CartProvider>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <header className="site-header">
          <div className="container site-header__inner">
            <Link to="/" className="brand">
              <span className="brand__mark" aria-hidden="true" />
              Storepay <span className="brand__suffix">shop</span>
            </Link>
            <nav aria-label="Main" className="site-nav">
              <ul>
                <li>
                  <NavLink to="/" end>
                    Catalog
                  </NavLink>
                </li>
                <li>
                  <CartLink />
                </li>
              </ul>
            </nav>
            <CurrencySwitcher />
          </div>
        </header>
        <main id="main" tabIndex={-1} className="container site-main">
          <RootErrorBoundary key={pathname}>
            <Outlet />
          </RootErrorBoundary>
        </main>
        <footer className="site-footer">
          <div className="container">Storepay · open-source Stripe payments for e-commerce</div>
        </footer>
      </CartProvider>
    </CurrencyProvider>
  );
}
