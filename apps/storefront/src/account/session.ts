// Who is signed in, asked of the API once per page load; the request loads the API client with it (the header reads
// the answer on every page).
import type { ShopperSession } from '@storepay/payments-core';
import { shopperSession } from './session-store';

export { shopperSession };

let asked: Promise<void> | null = null;

/** Asks the API who is signed in, once per page load (again after `forgetSession`). */
export function loadShopperSession(): Promise<void> {
  asked ??= import('./account-api')
    .then(({ fetchSession }) => fetchSession())
    .then(
      (session) => shopperSession.set(session),
      () => shopperSession.set(null), // not signed in, or the API cannot say: the shop works as a guest's
    );
  return asked;
}

export function setShopperSession(session: ShopperSession | null): void {
  asked = Promise.resolve();
  shopperSession.set(session);
}

/** Forgets what the API said: the next `loadShopperSession` asks again (tests, and a session that ended). */
export function forgetShopperSession(): void {
  asked = null;
  shopperSession.set(undefined);
}
