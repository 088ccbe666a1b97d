import { useStore } from '@nanostores/react';
import { Link, useLocation } from 'react-router';
import { DocumentTitle, messages, PageStatus } from './page-states';

export function NotFoundPage() {
  const { pathname } = useLocation();
  const t = useStore(messages);
  const [before = '', after = ''] = t.noPageAt.split('{path}');
  return (
    <PageStatus title={t.pageNotFound} headingLevel={1}>
      <DocumentTitle page={t.pageNotFound} />
      <p>
        {before}
        <code>{pathname}</code>
        {after}
      </p>
      <Link to="/" className="button">
        {t.browseCatalog}
      </Link>
    </PageStatus>
  );
}
