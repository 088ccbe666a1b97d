import { createApiClient } from '@storepay/payments-core';

export { ApiError, type PostOptions, type RequestOptions } from '@storepay/payments-core';

/** What the shop tells customers when the API cannot be used. */
const messages = {
  networkError: 'Could not reach the shop. Check your connection and try again.',
  unreadableResponse: 'The shop sent a response that could not be read.',
  unexpectedFormat: 'The shop sent a response in an unexpected format.',
};

/** The API client of the shop: customers see plain-language messages. */
export const { getJson, postJson } = createApiClient({ messages });
