import {
  accountOrdersSchema,
  ApiError,
  cardSetupSchema,
  claimedOrdersSchema,
  erasureResultSchema,
  personalDataExportSchema,
  type PersonalDataExport,
  savedCardsSchema,
  type AccountOrders,
  type SavedCards,
  shopperSessionSchema,
  signInLinkResponseSchema,
  type ShopLocale,
  type ShopperSession,
} from '@storepay/payments-core';
import { getJson, postJson, sendJson } from '../api/api-client';

/** GET /api/account/session: the signed-in shopper, or null (401). */
export async function fetchSession(): Promise<ShopperSession | null> {
  try {
    return await getJson('/api/account/session', shopperSessionSchema);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** POST /api/account/sign-in-link: the same answer for every address. */
export function requestSignInLink(email: string, locale: ShopLocale): Promise<unknown> {
  return postJson('/api/account/sign-in-link', { email, locale }, signInLinkResponseSchema);
}

/** POST /api/account/session: uses the link's token once, and starts the session (its cookie is httpOnly). */
export function redeemSignInLink(token: string, locale: ShopLocale): Promise<ShopperSession> {
  return postJson('/api/account/session', { token, locale }, shopperSessionSchema);
}

export async function signOut(): Promise<void> {
  await sendJson('DELETE', '/api/account/session', undefined, null);
}

export function fetchAccountOrders(options?: { signal?: AbortSignal }): Promise<AccountOrders> {
  return getJson('/api/account/orders', accountOrdersSchema, options);
}

/** Adds the guest orders of the account's email to it. */
export async function claimGuestOrders(): Promise<number> {
  return (await postJson('/api/account/orders/claim', {}, claimedOrdersSchema)).claimed;
}

export function fetchSavedCards(options?: { signal?: AbortSignal }): Promise<SavedCards> {
  return getJson('/api/account/payment-methods', savedCardsSchema, options);
}

export async function removeSavedCard(id: string): Promise<void> {
  await sendJson('DELETE', `/api/account/payment-methods/${encodeURIComponent(id)}`, undefined, null);
}

export async function makeDefaultCard(id: string): Promise<void> {
  await sendJson('POST', `/api/account/payment-methods/${encodeURIComponent(id)}/default`, undefined, null);
}

/** A SetupIntent's client secret, to save a card without buying. */
export async function startCardSetup(): Promise<string> {
  return (await postJson('/api/account/setup-intents', {}, cardSetupSchema)).clientSecret;
}

/** "Download my data": every row about the signed-in shopper. */
export function downloadPersonalData(): Promise<PersonalDataExport> {
  return getJson('/api/account/data', personalDataExportSchema);
}

/** "Delete my account": erases the shopper, confirmed with their email; their session ends with it. */
export async function deleteAccount(confirmEmail: string): Promise<void> {
  await sendJson('DELETE', '/api/account', { confirmEmail }, erasureResultSchema);
}
