import fp from 'fastify-plugin';
import type { Config } from '../config';

export interface ReconcilerPluginOptions {
  config: Config;
}

/**
 * The reconciler's schedule (`RECONCILE_INTERVAL_MS`, 0 = only on demand), in processes that run the worker: each
 * tick reconciles (backfill + drift check), then sends the refunds recorded while Stripe was unreachable that
 * nobody sent since, then prunes what only grows (ended sessions, shoppers' used sign-in links, old counts of refused deliveries), then strips personal data from webhook payloads past PAYLOAD_RETENTION_DAYS. Runs are idempotent, so several worker processes running it at once waste work but never
 * double anything.
 */
export const reconcilerSchedulePlugin = fp<ReconcilerPluginOptions>(
  async (app, { config }) => {
    const interval = config.webhooks.reconcileIntervalMs;
    if (interval <= 0) return;
    const { reconcile, sendUnsentRefunds, pruneRecords, stripOldPayloads } = app.useCases;
    let timer: NodeJS.Timeout | null = null;
    let running: Promise<unknown> | null = null;
    // Closing stops a run between two steps rather than waiting for it (runs are idempotent: the next one redoes it).
    const closing = new AbortController();
    const tick = () => {
      running = reconcile(null, closing.signal)
        .then(async (result) => {
          if (!result.ok && closing.signal.aborted) {
            app.log.info({ run: result.error.runId }, 'reconciliation stopped: shutting down');
          } else if (!result.ok) {
            app.log.warn({ run: result.error.runId, error: result.error.detail }, 'reconciliation failed; will retry');
          } else if (result.value.eventsInserted > 0) {
            app.log.warn({ ...result.value }, 'reconciler found events the inbox lacked');
          }
          if (closing.signal.aborted) return;
          const sent = await sendUnsentRefunds();
          if (sent > 0) {
            app.metrics.refunds.inc({ action: 'scheduled_send', outcome: 'sent' }, sent);
            app.log.warn({ sent }, 'sent refunds that were waiting for Stripe');
          }
          const pruned = await pruneRecords();
          if (Object.values(pruned).some((count) => count > 0)) app.log.info({ pruned }, 'pruned old records');
          if (closing.signal.aborted) return;
          const stripped = await stripOldPayloads();
          if (stripped.payloads + stripped.payments > 0)
            app.log.info({ stripped }, 'stripped personal data past its retention');
        })
        .catch((error: unknown) => app.log.warn({ err: error }, 'reconciliation failed; will retry'))
        .finally(() => {
          running = null;
          if (closing.signal.aborted) return;
          timer = setTimeout(tick, interval);
          timer.unref();
        });
    };
    app.addHook('onReady', async () => {
      timer = setTimeout(tick, Math.min(interval, 10_000));
      timer.unref();
    });
    app.addHook('onClose', async () => {
      closing.abort();
      if (timer) clearTimeout(timer);
      await running;
    });
  },
  { name: 'reconciler-schedule', dependencies: ['services'] },
);
