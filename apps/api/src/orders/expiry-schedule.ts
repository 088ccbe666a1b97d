import fp from 'fastify-plugin';
import type { Config } from '../config';
import { createPollingLoop } from '../polling-loop';

/**
 * The expiry sweep (the `expireOrders` use case), and the sweep of authorisations about to lapse
 * (`sweepAuthorizations`, manual capture), in every process that runs the workers: every
 * ORDER_EXPIRY_INTERVAL_MS (0: never), and back to back while a sweep finds a full batch of work. Sweeps in several
 * processes at once make one expiry and one email of each order (the order lock and the outbox's dedupe key).
 */
export const expirySchedulePlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    const interval = config.orders.expiryIntervalMs;
    if (interval <= 0) return;
    const log = app.log.child({ component: 'order-expiry' });
    const loop = createPollingLoop({
      name: 'order expiry',
      pollIntervalMs: interval,
      log,
      round: async () => {
        const sweep = await app.useCases.expireOrders();
        for (const outcome of ['expired', 'canceled', 'waiting', 'paidAfterExpiry'] as const) {
          if (sweep[outcome] > 0) app.metrics.orderExpiry.inc({ outcome }, sweep[outcome]);
        }
        if (sweep.expired + sweep.canceled > 0) log.info({ ...sweep }, 'expired unpaid orders');
        const authorizations = await app.useCases.sweepAuthorizations();
        const expiry = `expiry_${config.orders.authorizationExpiryAction}`;
        if (authorizations.decided > 0)
          app.metrics.authorizations.inc({ action: expiry, outcome: 'succeeded' }, authorizations.decided);
        if (authorizations.resent > 0)
          app.metrics.authorizations.inc({ action: 'resend', outcome: 'succeeded' }, authorizations.resent);
        if (authorizations.failed > 0)
          app.metrics.authorizations.inc({ action: expiry, outcome: 'failed' }, authorizations.failed);
        if (authorizations.decided + authorizations.resent + authorizations.failed > 0) {
          log.info(
            { ...authorizations, action: config.orders.authorizationExpiryAction },
            'swept lapsing authorisations',
          );
        }
        // Orders still waiting on Stripe are tried again at the next sweep, not at once.
        return sweep.expired + sweep.canceled + sweep.paidAfterExpiry + authorizations.decided;
      },
    });
    app.addHook('onReady', async () => loop.start());
    app.addHook('preClose', async () => loop.stop());
  },
  { name: 'order-expiry', dependencies: ['services'] },
);
