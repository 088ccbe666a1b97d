/** Fixed ports of the Stripe.js e2e suite (away from the emulator's default 12111 and `npm start`'s ports). */
export const EMULATOR_PORT = Number(process.env.STRIPE_JS_E2E_EMULATOR_PORT ?? 12199);
export const PAGE_PORT = Number(process.env.STRIPE_JS_E2E_PAGE_PORT ?? 12198);
export const EMULATOR_URL = `http://127.0.0.1:${EMULATOR_PORT}`;
export const PAGE_URL = `http://127.0.0.1:${PAGE_PORT}`;
/** Any pk_test_ key works against the emulator. */
export const PUBLISHABLE_KEY = 'pk_test_stripejs_e2e';
