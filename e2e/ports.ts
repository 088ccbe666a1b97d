/** Ports of the e2e system: its own, so the suites run beside a developer's `npm start`. */
export const ports = { api: 3100, storefront: 4210, admin: 4310, stripe: 12112, mailSmtp: 1125, mailWeb: 1180 };

/** The webhook signing secret of the e2e system (demo mode registers the API's endpoint with it). */
export const E2E_WEBHOOK_SECRET = 'whsec_storepay_e2e_secret';

/** The demo admin `npm start` creates and prints. */
export const DEMO_ADMIN = { email: 'admin@storepay.local', password: 'storepay-demo-admin' };
