import { useIsFetching } from '@tanstack/react-query';
import { Link, NavLink, Outlet, ScrollRestoration } from 'react-router';
import { NAV_SECTIONS } from './navigation';

export function AdminLayout() {
  const fetching = useIsFetching() > 0;

  return (
    <div className="admin-shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="admin-header">
        <Link to="/" className="brand">
          <span className="brand__mark" aria-hidden="true" />
          Storepay <span className="brand__suffix">Admin</span>
        </Link>
        <span className="admin-header__tag">Staff dashboard</span>
        <div className="progress" role="status" data-active={fetching || undefined}>
          {fetching ? <span className="visually-hidden">Loading data…</span> : null}
        </div>
      </header>
      <nav className="admin-sidebar" aria-label="Admin sections">
        {NAV_SECTIONS.map((section) => (
          <div key={section.label} className="nav-section">
            <h2 className="nav-section__label">{section.label}</h2>
            <ul>
              {section.items.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to}>{item.label}</NavLink>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <main id="main" tabIndex={-1} className="admin-main">
        <Outlet />
      </main>
      <ScrollRestoration />
    </div>
  );
}
