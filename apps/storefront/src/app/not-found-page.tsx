import { Link, useLocation } from 'react-router';
import { PageStatus } from './page-states';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <PageStatus title="Page not found" headingLevel={1}>
      <title>Page not found · Storepay shop</title>
      <p>
        There is no page at <code>{pathname}</code>.
      </p>
      <Link to="/" className="button">
        Browse the catalog
      </Link>
    </PageStatus>
  );
}
