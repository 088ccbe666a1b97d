import type { Unsubscribe } from '@storepay/db';
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { createWebhookWorker, type WebhookWorker } from './worker';

declare module 'fastify' {
  interface FastifyInstance {
    webhookWorker: WebhookWorker;
  }
}

export interface WebhookWorkerPluginOptions {
  config: Config;
}

/**
 * Runs the webhook worker with the server: it starts once the app is ready and stops first thing on close
 * (`preClose`), finishing the round it claimed while the database is still open, before anything else that closes
 * (the reconciler's run, HTTP) can hold the shutdown up.
 */
export const webhookWorkerPlugin = fp<WebhookWorkerPluginOptions>(
  async (app, { config }) => {
    const worker = createWebhookWorker({
      claim: app.useCases.claimWebhookEvents,
      apply: app.useCases.applyWebhookEvents,
      // The embedded PGlite database has one connection: concurrent lanes would only queue for it.
      concurrency: app.db.kind === 'pglite' ? 1 : config.webhookWorker.concurrency,
      leaseMs: config.webhookWorker.leaseMs,
      pollIntervalMs: config.webhookWorker.pollIntervalMs,
      log: app.log.child({ component: 'webhook-worker' }),
      observe: (type, status, lagSeconds) => {
        app.metrics.webhookProcessed.inc({ type, result: status });
        if (status === 'processed') app.metrics.webhookProcessingLag.observe({ type }, lagSeconds);
      },
    });
    app.decorate('webhookWorker', worker);
    // Woken by the database when ingest (in this process or another) commits events, so an idle worker claims them
    // at once; the poll interval remains for retries that come due and as a fallback while it cannot listen.
    let unsubscribe: Unsubscribe | null = null;
    app.addHook('onReady', async () => {
      worker.start();
      if (!config.webhookWorker.listen) return;
      try {
        unsubscribe = await app.db.subscribe('webhook_inbox', () => worker.wake());
      } catch (error) {
        // The wake is a hint: without it the worker still polls, so the process starts anyway.
        app.log.warn({ err: error }, 'cannot listen for new inbox events: the webhook worker polls only');
      }
    });
    app.addHook('preClose', async () => {
      await unsubscribe?.();
      await worker.stop();
    });
  },
  { name: 'webhook-worker', dependencies: ['database', 'services', 'metrics'] },
);
