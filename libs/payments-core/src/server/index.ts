// Node-only entry point: Stripe wrappers and server-side payment logic.
export { createStripeClient, type StripeClientOptions } from '../stripe/stripe-client';
