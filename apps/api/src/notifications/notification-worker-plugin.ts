import fp from 'fastify-plugin';
import type { Config } from '../config';
import { createPollingLoop } from '../polling-loop';
import { defaultWorkerId } from '../webhooks/worker';

/** Outbox rows claimed per round. */
const BATCH_SIZE = 20;

/**
 * The notification worker, in every process that runs the webhook worker: claims due outbox rows, sends them and
 * records the outcome (the `deliverNotifications` use case), back to back while there is work, every
 * NOTIFICATION_POLL_MS when idle. Any number of processes may share one database: claims skip each other's rows.
 * Without SMTP_URL it does not run and says so once: the rows wait in the outbox (the metrics' pending gauge).
 */
export const notificationWorkerPlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    const deliver = app.useCases.deliverNotifications;
    if (!deliver) {
      app.addHook('onReady', async () =>
        app.log.warn('SMTP_URL is not set: notifications are not sent; they wait in the outbox'),
      );
      return;
    }
    const workerId = defaultWorkerId();
    const runOnce = async () => (await deliver(workerId, BATCH_SIZE)).claimed;
    const log = app.log.child({ component: 'notification-worker' });
    const loop = createPollingLoop({
      name: 'notification worker',
      round: runOnce,
      pollIntervalMs: config.notifications.pollIntervalMs,
      log,
    });
    app.addHook('onReady', async () => {
      loop.start();
      log.info({ workerId }, 'notification worker started');
    });
    app.addHook('preClose', async () => loop.stop());
  },
  { name: 'notification-worker', dependencies: ['services'] },
);
