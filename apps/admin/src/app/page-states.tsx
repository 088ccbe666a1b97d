import type { ReactNode } from 'react';
import { ApiError } from '../api/api-client';

export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: string;
  actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {description ? <p className="page-header__description">{description}</p> : null}
      </div>
      {actions ? <div className="page-header__actions">{actions}</div> : null}
    </div>
  );
}

export function QueryLoading({ label }: { label: string }) {
  return (
    <div className="state state--loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <p>{label}</p>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <section className="state">
      <h2 className="state__title">{title}</h2>
      {children}
    </section>
  );
}

interface QueryErrorProps {
  title: string;
  error: unknown;
  retrying: boolean;
  onRetry: () => void;
}

/** A failed query: the API's message plus its code and status, which staff can quote in a report. */
export function QueryError({ title, error, retrying, onRetry }: QueryErrorProps) {
  const apiError = error instanceof ApiError ? error : null;
  return (
    <section className="state state--error" role="alert">
      <h2 className="state__title">{title}</h2>
      <p>{apiError ? apiError.message : 'Something unexpected went wrong.'}</p>
      {apiError ? (
        <p className="state__detail">
          <code>{apiError.code}</code>
          {apiError.status > 0 ? ` · HTTP ${apiError.status}` : ' · no response'}
        </p>
      ) : null}
      <button type="button" className="button" disabled={retrying} onClick={onRetry}>
        {retrying ? 'Retrying…' : 'Try again'}
      </button>
    </section>
  );
}
