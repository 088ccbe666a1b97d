import type { PrismaClient, ReconciliationRun } from '../generated/prisma/client.ts';

export interface ReconciliationOutcome {
  cursorFrom: Date;
  cursorTo: Date;
  eventsListed: number;
  eventsInserted: number;
  /** What the run found beyond missing events (drift), as JSON. */
  findings: object;
}

export interface ReconciliationRunView {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  cursorFrom: string | null;
  cursorTo: string | null;
  eventsListed: number;
  eventsInserted: number;
  findings: unknown;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface ReconciliationRepository {
  /** Where the last successful run stopped: the next run lists Stripe's events from here (with an overlap). */
  lastCursor(): Promise<Date | null>;
  start(triggeredById: string | null): Promise<string>;
  succeed(id: string, outcome: ReconciliationOutcome): Promise<void>;
  fail(id: string, error: string): Promise<void>;
  recent(limit: number): Promise<ReconciliationRunView[]>;
  get(id: string): Promise<ReconciliationRunView | null>;
}

export function createReconciliationRepository(prisma: PrismaClient): ReconciliationRepository {
  return {
    async lastCursor() {
      const last = await prisma.reconciliationRun.findFirst({
        where: { status: 'succeeded', cursorTo: { not: null } },
        orderBy: { cursorTo: 'desc' },
        select: { cursorTo: true },
      });
      return last?.cursorTo ?? null;
    },

    async start(triggeredById) {
      return (await prisma.reconciliationRun.create({ data: { triggeredById }, select: { id: true } })).id;
    },

    async succeed(id, outcome) {
      await prisma.reconciliationRun.update({
        where: { id },
        data: {
          status: 'succeeded',
          cursorFrom: outcome.cursorFrom,
          cursorTo: outcome.cursorTo,
          eventsListed: outcome.eventsListed,
          eventsInserted: outcome.eventsInserted,
          driftFound: outcome.findings,
          finishedAt: new Date(),
        },
      });
    },

    async fail(id, error) {
      await prisma.reconciliationRun.update({
        where: { id },
        data: { status: 'failed', error: error.slice(0, 2000), finishedAt: new Date() },
      });
    },

    async recent(limit) {
      const rows = await prisma.reconciliationRun.findMany({ orderBy: { startedAt: 'desc' }, take: limit });
      return rows.map(runView);
    },

    async get(id) {
      const row = await prisma.reconciliationRun.findUnique({ where: { id } });
      return row ? runView(row) : null;
    },
  };
}

function runView(row: ReconciliationRun): ReconciliationRunView {
  return {
    id: row.id,
    status: row.status,
    cursorFrom: row.cursorFrom?.toISOString() ?? null,
    cursorTo: row.cursorTo?.toISOString() ?? null,
    eventsListed: row.eventsListed,
    eventsInserted: row.eventsInserted,
    findings: row.driftFound,
    error: row.error,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
