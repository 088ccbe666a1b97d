import type { ReactNode } from 'react';
import type { Resource } from '../api/use-resource';
import { LoadError } from './load-error';
import { PageLoading } from './page-states';

interface LoadedProps<T> {
  resource: Resource<T>;
  /** Announced while loading ("Loading products…"), in the shopper's language. */
  loadingLabel: string;
  /** Heading of the error state ("We couldn't load the catalog"), in the shopper's language. */
  errorTitle: string;
  children: (data: T) => ReactNode;
}

/** A page's three states: loading, failed (with "Try again"), and its content once the data is there. */
export function Loaded<T>({ resource, loadingLabel, errorTitle, children }: LoadedProps<T>) {
  switch (resource.status) {
    case 'loading':
      return <PageLoading label={loadingLabel} />;
    case 'error':
      return (
        <LoadError title={errorTitle} error={resource.error} retrying={resource.retrying} onRetry={resource.retry} />
      );
    case 'ready':
      return children(resource.data);
  }
}
