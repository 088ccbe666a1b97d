// What the shop says when the API cannot be used, in the shopper's language. The API's own messages are English:
// shown as they are to English shoppers, replaced by the shop's words for its known codes (and a plain one for the
// rest) in the other languages.
import { computed } from 'nanostores';
import type { ApiError } from '@storepay/payments-core';
import { i18n } from '../i18n/i18n';
import { locale } from '../i18n/locale';

export const apiText = i18n('api', {
  networkError: 'Could not reach the shop. Check your connection and try again.',
  unreadableResponse: 'The shop sent a response that could not be read.',
  unexpectedFormat: 'The shop sent a response in an unexpected format.',
  rateLimited: 'Too many requests for now. Wait a moment and try again.',
  unavailable: 'The shop is unavailable for a moment. Please try again shortly.',
  failed: 'Something went wrong. Please try again in a moment.',
});

/** The words for codes the shop knows, whatever the API said. */
const KNOWN: Readonly<Record<string, 'rateLimited' | 'unavailable'>> = {
  rate_limited: 'rateLimited',
  service_unavailable: 'unavailable',
  stripe_unavailable: 'unavailable',
};

export const apiMessages = computed([apiText, locale], (t, code) => ({
  /** The message to show for a failed API call. */
  describe: (error: ApiError): string => {
    // Made in the browser, in the shopper's language: no response, or one that could not be read.
    if (error.code === 'network_error') return t.networkError;
    if (error.code === 'invalid_response') return error.message;
    if (code === 'en') return error.message;
    const known = KNOWN[error.code];
    return known ? t[known] : t.failed;
  },
}));
