import fp from 'fastify-plugin';
import type { Config } from '../config';

export interface ReconcilerPluginOptions {
  config: Config;
}

/**
 * The reconciler's schedule (`RECONCILE_INTERVAL_MS`, 0 = only on demand), in processes that run the worker: each
 * tick reconciles (backfill + drift check), then sends the refunds recorded while Stripe was unreachable that
 * nobody sent since, then prunes what only grows (ended sessions, old counts of refused deliveries). Runs are idempotent, so several worker processes running it at once waste work but never
 * double anything.
 */
export const reconcilerSchedulePlugin = fp<ReconcilerPluginOptions>(
  async (app, { config }) => {
    const interval = config.webhooks.reconcileIntervalMs;
    if (interval <= 0) return;
    const { reconcile, sendUnsentRefunds, pruneRecords } = app.useCases;
    let timer: NodeJS.Timeout | null = null;
    let running: Promise<unknown> | null = null;
    const tick = () => {
      running = reconcile()
        .then(async (result) => {
          if (!result.ok) {
            app.log.warn({ run: result.error.runId, error: result.error.detail }, 'reconciliation failed; will retry');
          } else if (result.value.eventsInserted > 0) {
            app.log.warn({ ...result.value }, 'reconciler found events the inbox lacked');
          }
          const sent = await sendUnsentRefunds();
          if (sent > 0) app.log.warn({ sent }, 'sent refunds that were waiting for Stripe');
          const pruned = await pruneRecords();
          if (pruned.sessions + pruned.rejectionCounts > 0) app.log.info({ pruned }, 'pruned old records');
        })
        .catch((error: unknown) => app.log.warn({ err: error }, 'reconciliation failed; will retry'))
        .finally(() => {
          running = null;
          timer = setTimeout(tick, interval);
          timer.unref();
        });
    };
    app.addHook('onReady', async () => {
      timer = setTimeout(tick, Math.min(interval, 10_000));
      timer.unref();
    });
    app.addHook('onClose', async () => {
      if (timer) clearTimeout(timer);
      await running;
    });
  },
  { name: 'reconciler-schedule', dependencies: ['services'] },
);
