import { useStore } from '@nanostores/react';
import { ApiError } from '../api/api-client';
import { apiMessages } from '../api/api-messages';
import { i18n } from '../i18n/i18n';
import { DocumentTitle } from './page-states';

export const messages = i18n('loadError', {
  unexpected: 'Something unexpected went wrong. Please try again in a moment.',
  retry: 'Try again',
  retrying: 'Retrying…',
});

interface LoadErrorProps {
  title: string;
  error: unknown;
  retrying?: boolean;
  onRetry: () => void;
}

/** A page's data failed to load: say why (from the API's error) and offer to load it again. */
export function LoadError({ title, error, retrying = false, onRetry }: LoadErrorProps) {
  const t = useStore(messages);
  const api = useStore(apiMessages);
  return (
    <section className="page-status page-status--error" role="alert">
      <DocumentTitle page={title} />
      <h1 className="page-status__title">{title}</h1>
      <p>{error instanceof ApiError ? api.describe(error) : t.unexpected}</p>
      <button type="button" className="button" disabled={retrying} onClick={onRetry}>
        {retrying ? t.retrying : t.retry}
      </button>
    </section>
  );
}
