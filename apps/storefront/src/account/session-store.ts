// The signed-in shopper, as the whole shop knows it: undefined until the API has said, null when signed out. Kept
// free of the API client, which reads the CSRF token from here.
import type { ShopperSession } from '@storepay/payments-core';
import { atom } from 'nanostores';

export const shopperSession = atom<ShopperSession | null | undefined>(undefined);

/** The CSRF token every write made with the shop's session cookie carries. */
export const csrfHeaders = (): Record<string, string> => {
  const session = shopperSession.get();
  return session ? { 'x-csrf-token': session.csrfToken } : {};
};
