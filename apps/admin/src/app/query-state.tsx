import type { ReactNode } from 'react';
import { ApiError } from '../api/api-client';
import { QueryError, QueryLoading } from './page-states';

/** What QueryState reads of a TanStack query (plain or infinite). */
export interface QueryLike<T> {
  isPending: boolean;
  isError: boolean;
  isFetching: boolean;
  error: unknown;
  data: T | undefined;
  refetch: () => unknown;
  /** Infinite queries: a failed "load more" keeps the pages already shown. */
  isFetchNextPageError?: boolean;
}

interface QueryStateProps<T> {
  query: QueryLike<T>;
  /** What the status line says while the query loads. */
  loading: string;
  /** The heading of the error panel (with the API's message, code and a Try again button). */
  errorTitle: string;
  /** Shown instead of the error panel when the API answers 404. */
  notFound?: ReactNode;
  /** Whether the data is empty; then `empty` is shown instead of `children`. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

/** One query's four states, the same on every page: loading, failed (with retry), empty, or its data. */
export function QueryState<T>({ query, loading, errorTitle, notFound, isEmpty, empty, children }: QueryStateProps<T>) {
  if (query.isPending) return <QueryLoading label={loading} />;
  if (query.isError && !query.isFetchNextPageError) {
    if (notFound && query.error instanceof ApiError && query.error.status === 404) return notFound;
    return (
      <QueryError
        title={errorTitle}
        error={query.error}
        retrying={query.isFetching}
        onRetry={() => void query.refetch()}
      />
    );
  }
  const data = query.data as T;
  if (isEmpty?.(data)) return empty ?? null;
  return children(data);
}

/** What LoadMore reads of an infinite query. */
export interface NextPageLike {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: { message: string } | null;
  fetchNextPage: () => unknown;
}

/** The "Load more" footer of a keyset list, and what went wrong loading the next page. */
export function LoadMore({ query, what }: { query: NextPageLike; what: string }) {
  return (
    <>
      {query.hasNextPage ? (
        <div className="panel__footer">
          <button
            type="button"
            className="button button--secondary"
            disabled={query.isFetchingNextPage}
            onClick={() => void query.fetchNextPage()}
          >
            {query.isFetchingNextPage ? 'Loading more…' : 'Load more'}
          </button>
        </div>
      ) : null}
      {query.isFetchNextPageError ? (
        <p className="form-error" role="alert">
          Couldn't load more {what}: {query.error?.message}
        </p>
      ) : null}
    </>
  );
}
