import type { AdminSession } from '@storepay/payments-core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { routes } from '../app/routes';
import { primeSession } from '../session/session-queries';
import { sessionFor } from './fixtures';

/** A fresh QueryClient per test, without retries, so a failure shows at once and nothing is shared. */
export function createTestQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false } } });
}

export interface RenderAppOptions {
  /**
   * The signed-in session put in the cache before rendering (default: an admin), or `'fetch'` to leave the cache
   * empty so the app asks GET /api/admin/session itself (mock that in the test).
   */
  session?: AdminSession | 'fetch';
}

/** Renders the real route tree at a path, as the browser router would. */
export function renderApp(path = '/', { session = sessionFor('admin') }: RenderAppOptions = {}) {
  const queryClient = createTestQueryClient();
  if (session === 'fetch') primeSessionCleared();
  else primeSession(queryClient, session);
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { queryClient, router, ...view };
}

function primeSessionCleared() {
  // The CSRF token lives in module memory: start each such test without one.
  primeSession(createTestQueryClient(), null);
}
