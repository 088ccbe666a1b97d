import { createStripeClient, createStripeEventSource, type StripeEventSource } from '@storepay/payments-core/server';
import { createRefundRepository } from '@storepay/db';
import fp from 'fastify-plugin';
import { createRefundSender } from '../refunds/refund-sender';
import type { Config } from '../config';
import { createReconciler, type Reconciler } from './reconciler';

declare module 'fastify' {
  interface FastifyInstance {
    reconciler: Reconciler;
  }
}

export interface ReconcilerPluginOptions {
  config: Config;
  /** Stripe's event log to read (tests); built from the config otherwise. */
  events?: StripeEventSource;
  /** Run on `RECONCILE_INTERVAL_MS` (processes with a worker); false: only on demand (`POST /api/admin/reconciliations`). */
  schedule?: boolean;
}

/**
 * The reconciler, on a schedule (`RECONCILE_INTERVAL_MS`, 0 = only on demand). Runs are idempotent (inbox inserts
 * are ON CONFLICT DO NOTHING), so several worker processes running it at once waste work but never double anything.
 */
export const reconcilerPlugin = fp<ReconcilerPluginOptions>(
  async (app, { config, events, schedule = true }) => {
    const reconciler = createReconciler({
      prisma: app.db.prisma,
      payments: app.payments,
      events:
        events ??
        createStripeEventSource(
          createStripeClient({ secretKey: config.stripe.secretKey, apiBase: config.stripe.apiBase }),
        ),
    });
    app.decorate('reconciler', reconciler);

    const interval = config.webhooks.reconcileIntervalMs;
    if (!schedule || interval <= 0) return;
    let timer: NodeJS.Timeout | null = null;
    let running: Promise<unknown> | null = null;
    const refunds = createRefundSender({ refunds: createRefundRepository(app.db.prisma), payments: app.payments });
    const tick = () => {
      running = reconciler
        .run()
        .then(async (summary) => {
          if (summary.eventsInserted > 0) app.log.warn({ ...summary }, 'reconciler found events the inbox lacked');
          // Refunds recorded while Stripe was unreachable, which nobody sent again since.
          const sent = await refunds.sweep();
          if (sent > 0) app.log.warn({ sent }, 'sent refunds that were waiting for Stripe');
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
  { name: 'reconciler', dependencies: ['database', 'payments'] },
);
