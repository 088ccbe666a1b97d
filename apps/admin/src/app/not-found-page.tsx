import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <section className="state">
      <title>Page not found · Storepay Admin</title>
      <h1 className="state__title">Page not found</h1>
      <p>
        There is no admin page at <code>{pathname}</code>.
      </p>
      <Link to="/catalog" className="button">
        Go to the catalog
      </Link>
    </section>
  );
}
