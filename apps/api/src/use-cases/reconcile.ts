import type {
  Actor,
  AuditRepository,
  ReconciliationRepository,
  ReconciliationRunView,
  WebhookInboxRepository,
} from '@storepay/db';
import { err, ok, webhookEventFacts, type Result, type StripeEventEnvelope } from '@storepay/payments-core';
import type { StripeEventSource } from '@storepay/payments-core/server';
import { auditBy, type Clock } from './ports';
import type { RefusalOf } from './refusals';
import { repairDrift, type PaymentDrift, type RepairDriftPorts } from './repair-drift';

export interface ReconcilePorts {
  stripeEvents: StripeEventSource;
  webhookInbox: Pick<WebhookInboxRepository, 'insert'>;
  reconciliationRuns: Pick<ReconciliationRepository, 'start' | 'succeed' | 'fail' | 'lastCursor'>;
  /** The drift check's ports; without them a run only backfills events. */
  drift: RepairDriftPorts | null;
  clock: Clock;
  /** How far back the first run (no cursor yet) and the undelivered-events sweep look. Stripe keeps 30 days. */
  lookbackSeconds?: number;
  /** Re-read this much before the last cursor: events created in the same seconds may have been listed late. */
  overlapSeconds?: number;
  /** Most events one run reads (per listing). */
  maxEvents?: number;
  /** Told how each run ended (the metrics). */
  onRunEnded?: (report: ReconciliationReport) => void;
}

/** How a run ended, for the metrics: who started it, its result, and what it found. */
export interface ReconciliationReport {
  trigger: 'schedule' | 'staff';
  result: 'succeeded' | 'failed' | 'stopped';
  missingEvents: number;
  drift: readonly PaymentDrift[];
}

export interface ReconciliationSummary {
  runId: string;
  eventsListed: number;
  eventsInserted: number;
  insertedEventIds: string[];
  drift: PaymentDrift[];
}

/** A run stopped on purpose (its process is shutting down) ends as a failed run: the next one starts over. */
function stopIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Error('stopped: the process is shutting down');
}

/**
 * A reconciliation run, recorded with who started it (null: the schedule): lists Stripe's events since the last
 * run's cursor (with an overlap), plus those Stripe failed to deliver, and puts what the inbox lacks in it (oldest
 * first, so the worker sees a payment's events in Stripe's order); then the drift check. Runs are idempotent (inbox
 * inserts do nothing for a known event id), so several processes running it at once waste work but never double
 * anything. A run that cannot read Stripe is recorded as failed, and so is one `signal` stops between two steps.
 */
export async function reconcile(
  ports: ReconcilePorts,
  triggeredById: string | null = null,
  signal?: AbortSignal,
): Promise<Result<ReconciliationSummary, RefusalOf<'reconciliation_failed'> & { runId: string }>> {
  const { lookbackSeconds = 3 * 24 * 3600, overlapSeconds = 300, maxEvents = 10_000 } = ports;
  const runId = await ports.reconciliationRuns.start(triggeredById);
  const trigger = triggeredById === null ? 'schedule' : 'staff';
  try {
    const now = Math.floor(ports.clock.now().getTime() / 1000);
    const last = await ports.reconciliationRuns.lastCursor();
    const from = last ? Math.floor(last.getTime() / 1000) - overlapSeconds : now - lookbackSeconds;

    const recent = await ports.stripeEvents.listEvents({ createdGte: from, max: maxEvents, signal });
    if (!recent.ok) throw new Error(recent.error.internalMessage);
    stopIfAborted(signal);
    const undelivered = await ports.stripeEvents.listEvents({
      createdGte: now - lookbackSeconds,
      undeliveredOnly: true,
      max: maxEvents,
      signal,
    });
    if (!undelivered.ok) throw new Error(undelivered.error.internalMessage);

    const all = new Map<string, StripeEventEnvelope>();
    for (const event of [...recent.value, ...undelivered.value]) all.set(event.id, event);

    const insertedEventIds: string[] = [];
    for (const event of [...all.values()].sort((a, b) => a.created - b.created)) {
      stopIfAborted(signal);
      const { handled, ...facts } = webhookEventFacts(event);
      const { inserted } = await ports.webhookInbox.insert({
        ...facts,
        payload: event,
        source: 'reconciler',
        status: handled ? 'received' : 'ignored',
      });
      if (inserted) insertedEventIds.push(event.id);
    }

    stopIfAborted(signal);
    const drift = ports.drift ? await repairDrift(ports.drift, new Date((now - lookbackSeconds) * 1000), signal) : [];
    stopIfAborted(signal);

    // A complete listing covers everything up to now; a truncated one continues from its newest event.
    const complete = recent.value.length < maxEvents;
    const newest = Math.max(from, ...recent.value.map((e) => e.created));
    await ports.reconciliationRuns.succeed(runId, {
      cursorFrom: new Date(from * 1000),
      cursorTo: new Date((complete ? now : newest) * 1000),
      eventsListed: all.size,
      eventsInserted: insertedEventIds.length,
      findings: {
        missingEvents: insertedEventIds.slice(0, 100),
        undeliveredListed: undelivered.value.length,
        drift: drift.slice(0, 200),
      },
    });
    ports.onRunEnded?.({ trigger, result: 'succeeded', missingEvents: insertedEventIds.length, drift });
    return ok({ runId, eventsListed: all.size, eventsInserted: insertedEventIds.length, insertedEventIds, drift });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    await ports.reconciliationRuns.fail(runId, detail);
    ports.onRunEnded?.({ trigger, result: signal?.aborted ? 'stopped' : 'failed', missingEvents: 0, drift: [] });
    return err({ kind: 'reconciliation_failed', detail, runId });
  }
}

/**
 * A reconciliation an admin starts: the run, recorded with who started it, and its outcome audited. Answers the
 * recorded run.
 */
export async function runReconciliation(
  ports: ReconcilePorts & {
    audit: Pick<AuditRepository, 'append'>;
    reconciliationRuns: Pick<ReconciliationRepository, 'get'>;
  },
  actor: Actor,
): Promise<Result<ReconciliationRunView, RefusalOf<'reconciliation_failed'>>> {
  const result = await reconcile(ports, actor.id);
  if (!result.ok) {
    await ports.audit.append(
      auditBy(actor, { action: 'reconciliation.failed', targetType: 'reconciliation', details: {} }),
    );
    return err({ kind: 'reconciliation_failed', detail: result.error.detail });
  }
  const run = await ports.reconciliationRuns.get(result.value.runId);
  if (!run) throw new Error(`reconciliation run ${result.value.runId} vanished`);
  await ports.audit.append(
    auditBy(actor, {
      action: 'reconciliation.run',
      targetType: 'reconciliation',
      targetId: run.id,
      details: { eventsListed: run.eventsListed, eventsInserted: run.eventsInserted },
    }),
  );
  return ok(run);
}
