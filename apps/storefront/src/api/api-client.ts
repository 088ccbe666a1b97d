import { createApiClient } from '@storepay/payments-core';
import { csrfHeaders } from '../account/session-store';
import { apiText } from './api-messages';

export { ApiError, type PostOptions, type RequestOptions } from '@storepay/payments-core';

/** What the shop tells customers when the API cannot be used, in their language at the time. */
const messages = {
  get networkError() {
    return apiText.get().networkError;
  },
  get unreadableResponse() {
    return apiText.get().unreadableResponse;
  },
  get unexpectedFormat() {
    return apiText.get().unexpectedFormat;
  },
};

/** The API client of the shop: customers see plain-language messages; a signed-in shopper's writes carry the CSRF token. */
export const { getJson, postJson, sendJson } = createApiClient({ messages, headers: csrfHeaders });
