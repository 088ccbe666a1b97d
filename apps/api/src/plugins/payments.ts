import { createStripeClient, createStripePaymentGateway, type PaymentGateway } from '@storepay/payments-core/server';
import fp from 'fastify-plugin';
import type { Config } from '../config';

declare module 'fastify' {
  interface FastifyInstance {
    payments: PaymentGateway;
  }
}

export interface PaymentsPluginOptions {
  config: Config;
  /** A gateway to use instead of one built from the config (tests). */
  gateway?: PaymentGateway;
}

/** Stripe behind the PaymentGateway interface: the emulator in demo mode, real Stripe with real keys. */
export const paymentsPlugin = fp<PaymentsPluginOptions>(
  async (app, { config, gateway }) => {
    app.decorate(
      'payments',
      gateway ??
        createStripePaymentGateway(
          createStripeClient({ secretKey: config.stripe.secretKey, apiBase: config.stripe.apiBase }),
        ),
    );
  },
  { name: 'payments' },
);
