import type { ReactNode } from 'react';
import { useRevalidator, useRouteError } from 'react-router';
import { ApiError } from '../api/api-client';

interface PageStatusProps {
  title: string;
  /** h1 when the status replaces the whole page, h2 when it sits under the page's own heading. */
  headingLevel?: 1 | 2;
  children?: ReactNode;
}

/** A centred message for empty and not-found states. */
export function PageStatus({ title, headingLevel = 2, children }: PageStatusProps) {
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <section className="page-status">
      <Heading className="page-status__title">{title}</Heading>
      {children}
    </section>
  );
}

/** Shown while a page's data loads for the first time. */
export function PageLoading({ label }: { label: string }) {
  return (
    <div className="page-status page-status--loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <p>{label}</p>
    </div>
  );
}

/** A route's data failed to load: say why (from the API's error) and offer to load it again. */
export function LoadError({ title }: { title: string }) {
  const error = useRouteError();
  const revalidator = useRevalidator();
  const retrying = revalidator.state === 'loading';
  const message =
    error instanceof ApiError ? error.message : 'Something unexpected went wrong. Please try again in a moment.';

  return (
    <section className="page-status page-status--error" role="alert">
      <h1 className="page-status__title">{title}</h1>
      <p>{message}</p>
      <button type="button" className="button" disabled={retrying} onClick={() => void revalidator.revalidate()}>
        {retrying ? 'Retrying…' : 'Try again'}
      </button>
    </section>
  );
}
