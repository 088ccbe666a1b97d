import { ApiError } from '../api/api-client';

interface LoadErrorProps {
  title: string;
  error: unknown;
  retrying?: boolean;
  onRetry: () => void;
}

/** A page's data failed to load: say why (from the API's error) and offer to load it again. */
export function LoadError({ title, error, retrying = false, onRetry }: LoadErrorProps) {
  const message =
    error instanceof ApiError ? error.message : 'Something unexpected went wrong. Please try again in a moment.';

  return (
    <section className="page-status page-status--error" role="alert">
      <title>{`${title} · Storepay shop`}</title>
      <h1 className="page-status__title">{title}</h1>
      <p>{message}</p>
      <button type="button" className="button" disabled={retrying} onClick={onRetry}>
        {retrying ? 'Retrying…' : 'Try again'}
      </button>
    </section>
  );
}
