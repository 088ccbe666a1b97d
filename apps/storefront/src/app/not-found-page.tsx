import { useStore } from '@nanostores/react';
import { Link, useLocation } from 'react-router';
import { DocumentTitle, messages, PageStatus } from './page-states';

export function NotFoundPage() {
  const { pathname } = useLocation();
  const t = useStore(messages);
  return (
    <PageStatus title={t.pageNotFound} headingLevel={1}>
      <DocumentTitle page={t.pageNotFound} />
      <p>
        {t.noPageAt} <code>{pathname}</code>.
      </p>
      <Link to="/" className="button">
        {t.browseCatalog}
      </Link>
    </PageStatus>
  );
}
