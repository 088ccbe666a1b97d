import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/api-client';

/** The app's QueryClient: retry only what may succeed on a second try (no response, 429, 5xx). */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => error instanceof ApiError && error.isRetryable && failureCount < 2,
      },
    },
  });
}
