import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/api-client';
import { QueryState, type QueryLike } from './query-state';

const query = (state: Partial<QueryLike<string[]>>): QueryLike<string[]> => ({
  isPending: false,
  isError: false,
  isFetching: false,
  error: null,
  data: undefined,
  refetch: vi.fn(),
  ...state,
});

function show(state: Partial<QueryLike<string[]>>) {
  return render(
    <QueryState
      query={query(state)}
      loading="Loading things…"
      errorTitle="Couldn't load the things"
      notFound={<p>No such thing</p>}
      isEmpty={(data) => data.length === 0}
      empty={<p>Nothing yet</p>}
    >
      {(data) => (
        <ul>
          {data.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      )}
    </QueryState>,
  );
}

describe('QueryState', () => {
  it('says it is loading, with a status role', () => {
    show({ isPending: true });
    expect(screen.getByRole('status').textContent).toBe('Loading things…');
  });

  it("shows the API's error with its code, and retries on request", () => {
    const refetch = vi.fn();
    show({
      isError: true,
      refetch,
      error: new ApiError({ status: 503, code: 'stripe_unavailable', message: 'Later.' }),
    });
    expect(screen.getByRole('alert').textContent).toContain("Couldn't load the things");
    expect(screen.getByRole('alert').textContent).toContain('stripe_unavailable · HTTP 503');
    screen.getByRole('button', { name: 'Try again' }).click();
    expect(refetch).toHaveBeenCalledOnce();
  });

  it('shows the not-found state on a 404, the empty state, and otherwise the data', () => {
    const { unmount } = show({
      isError: true,
      error: new ApiError({ status: 404, code: 'not_found', message: 'No.' }),
    });
    expect(screen.getByText('No such thing')).toBeDefined();
    unmount();
    show({ data: [] });
    expect(screen.getByText('Nothing yet')).toBeDefined();
  });

  it('keeps the pages it has when only the next page failed', () => {
    show({ data: ['a', 'b'], isError: true, isFetchNextPageError: true, error: new Error('offline') });
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['a', 'b']);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
