import { Link, NavLink, Outlet, ScrollRestoration, useNavigation } from 'react-router';
import { CurrencyProvider } from '../currency/currency-context';
import { CurrencySwitcher } from '../currency/currency-switcher';

export function RootLayout() {
  const navigation = useNavigation();
  const loading = navigation.state === 'loading';

  return (
    <CurrencyProvider>
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
            </ul>
          </nav>
          <CurrencySwitcher />
        </div>
        <div className="progress" role="status" data-active={loading || undefined}>
          {loading ? <span className="visually-hidden">Loading…</span> : null}
        </div>
      </header>
      <main id="main" tabIndex={-1} className="container site-main">
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container">Storepay · open-source Stripe payments for e-commerce</div>
      </footer>
      <ScrollRestoration />
    </CurrencyProvider>
  );
}
