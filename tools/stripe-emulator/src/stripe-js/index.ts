import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import { registerStripeJsAssets } from './assets';
import { registerChallengePage } from './challenge-page';
import { registerApiCors } from './cors';
import { registerCustomerSessionRoute } from './customer-session-route';

export { STRIPE_JS_PATHS } from './assets';

/**
 * The Stripe.js stand-in: the script at /js.stripe.com/v3/, the Payment Element frame, the 3DS challenge page
 * (GET /3ds/:id; the Complete/Fail actions belong to the payment intents resource) and CORS for browser calls
 * to /v1.
 */
export function registerStripeJs(app: FastifyInstance, emulator: Emulator): void {
  registerStripeJsAssets(app);
  registerChallengePage(app, emulator);
  registerApiCors(app);
  registerCustomerSessionRoute(app, emulator);
}
