import type { ReconciliationRunSummary } from '@storepay/payments-core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/api-client';
import { formatInstant, StatusBadge } from '../app/format';
import { DataTable } from '../app/data-table';
import { QueryState } from '../app/query-state';
import { useCan } from '../session/session-context';
import { runReconciliation, webhookQueries } from './webhook-queries';

function findingsCount(findings: unknown): number | null {
  if (Array.isArray(findings)) return findings.length;
  if (findings && typeof findings === 'object') {
    const list =
      (findings as { findings?: unknown; drift?: unknown }).findings ?? (findings as { drift?: unknown }).drift;
    if (Array.isArray(list)) return list.length;
  }
  return null;
}

function Findings({ findings }: { findings: unknown }) {
  if (findings === null || findings === undefined) return <p className="muted">No findings.</p>;
  if (Array.isArray(findings) && findings.length === 0) return <p className="muted">No drift found.</p>;
  return <pre className="code-block">{JSON.stringify(findings, null, 2)}</pre>;
}

function RunResult({ run }: { run: ReconciliationRunSummary }) {
  const count = findingsCount(run.findings);
  return (
    <div className="notice" role="status">
      <p>
        Reconciliation {run.status}: {run.eventsListed} events listed at Stripe, {run.eventsInserted} missing events
        inserted{count !== null ? `, ${count} findings` : ''}.
      </p>
      {run.error ? <p className="form-error">{run.error}</p> : null}
      <dl className="details" aria-label="Reconciliation result">
        <div className="details__row">
          <dt>Events listed</dt>
          <dd>{run.eventsListed}</dd>
        </div>
        <div className="details__row">
          <dt>Events inserted</dt>
          <dd>{run.eventsInserted}</dd>
        </div>
        <div className="details__row">
          <dt>Findings</dt>
          <dd>
            <Findings findings={run.findings} />
          </dd>
        </div>
      </dl>
    </div>
  );
}

/** Recent reconciliation runs; admins run one now and see what it found. */
export function ReconciliationPanel() {
  const queryClient = useQueryClient();
  const canRun = useCan('reconcile');
  const runs = useQuery(webhookQueries.runs());
  const run = useMutation({
    mutationFn: runReconciliation,
    onSettled: () => void queryClient.invalidateQueries({ queryKey: webhookQueries.all() }),
  });

  return (
    <section className="panel" aria-labelledby="reconcile-title">
      <div className="panel__header">
        <h2 id="reconcile-title" className="panel__title panel__title--bare">
          Reconciliation
        </h2>
        {canRun ? (
          <button type="button" className="button button--small" disabled={run.isPending} onClick={() => run.mutate()}>
            {run.isPending ? 'Reconciling…' : 'Run reconciliation'}
          </button>
        ) : null}
      </div>
      <div className="panel__body">
        <p className="muted">
          Lists Stripe's events since the last run, inserts those the inbox missed, and checks local payments against
          Stripe.
        </p>
        {run.data ? <RunResult run={run.data} /> : null}
        {run.isError ? (
          <p className="form-error" role="alert">
            {run.error instanceof ApiError ? run.error.message : 'The reconciliation failed.'}
          </p>
        ) : null}
      </div>
      <QueryState
        query={runs}
        loading="Loading recent runs…"
        errorTitle="Couldn't load recent runs"
        isEmpty={(data) => data.runs.length === 0}
        empty={<p className="panel__body muted">No reconciliation has run yet.</p>}
      >
        {(data) => (
          <DataTable
            label="Recent reconciliation runs"
            caption="Recent reconciliation runs"
            columns={[
              'Started',
              'Status',
              { label: 'Listed', numeric: true },
              { label: 'Inserted', numeric: true },
              { label: 'Findings', numeric: true },
              'Error',
            ]}
          >
            {data.runs.map((item) => (
              <tr key={item.id}>
                <th scope="row" className="nowrap">
                  {formatInstant(item.startedAt)}
                </th>
                <td>
                  <StatusBadge status={item.status} />
                </td>
                <td className="numeric">{item.eventsListed}</td>
                <td className="numeric">{item.eventsInserted}</td>
                <td className="numeric">{findingsCount(item.findings) ?? '—'}</td>
                <td className="error-cell">{item.error ?? '—'}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </QueryState>
    </section>
  );
}
