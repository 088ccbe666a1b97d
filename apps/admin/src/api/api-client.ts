import { createApiClient } from '@storepay/payments-core';

export { ApiError, type RequestOptions } from '@storepay/payments-core';

/** The API client of the admin: staff see what to check on their side. */
export const { getJson } = createApiClient({
  messages: {
    networkError: 'Could not reach the API. Check that it is running and try again.',
    unreadableResponse: 'The API sent a response that is not JSON.',
    unexpectedFormat: 'The API sent a response that does not match the contract.',
  },
});
