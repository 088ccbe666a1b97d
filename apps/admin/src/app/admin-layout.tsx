import { useIsFetching, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, NavLink, Outlet, ScrollRestoration, useNavigate } from 'react-router';
import { useSession } from '../session/session-context';
import { forgetSession, signOut } from '../session/session-queries';
import { navSectionsFor } from './navigation';

export function AdminLayout() {
  const fetching = useIsFetching() > 0;
  const { staff } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const signOutMutation = useMutation({
    mutationFn: signOut,
    // Signed out on the server or not (a 401 means the session was gone already), forget it here.
    onSettled: () => {
      forgetSession(queryClient);
      void navigate('/sign-in', { replace: true });
    },
  });

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
        <div className="admin-header__user">
          <span className="admin-header__who">
            <span className="admin-header__name">{staff.name || staff.email}</span>{' '}
            <span className="role-badge" data-role={staff.role}>
              {staff.role}
            </span>
          </span>
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={signOutMutation.isPending}
            onClick={() => signOutMutation.mutate()}
          >
            Sign out
          </button>
        </div>
        <div className="progress" role="status" data-active={fetching || undefined}>
          {fetching ? <span className="visually-hidden">Loading data…</span> : null}
        </div>
      </header>
      <nav className="admin-sidebar" aria-label="Admin sections">
        {navSectionsFor(staff.role).map((section) => (
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
