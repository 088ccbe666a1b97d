/** Ports of the e2e system: its own, so the suites run beside a developer's `npm start`. */
export const ports = { api: 3100, storefront: 4210, admin: 4310, stripe: 12112 };
