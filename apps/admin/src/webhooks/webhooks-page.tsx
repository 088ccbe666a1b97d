import { HEALTH_WINDOWS, type HealthWindow, type WebhookHealth } from '@storepay/payments-core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useSearchParams } from 'react-router';
import { formatDuration, formatInstant, formatPercent } from '../app/format';
import { DataTable, Panel } from '../app/data-table';
import { EmptyState, PageHeader, QueryLoading } from '../app/page-states';
import { QueryState } from '../app/query-state';
import { AnomaliesPanel } from '../payments/payment-detail/anomalies-panel';
import { FailedEventsPanel } from './failed-events-panel';
import { ReconciliationPanel } from './reconciliation-panel';
import { webhookQueries } from './webhook-queries';

// recharts is large: it loads only when the chart renders, in its own chunk.
const LagChart = lazy(() => import('./lag-chart'));

const WINDOW_LABELS: Record<HealthWindow, string> = { '1h': '1 h', '24h': '24 h', '7d': '7 d' };
const WINDOW_WORDS: Record<HealthWindow, string> = { '1h': 'last hour', '24h': 'last 24 hours', '7d': 'last 7 days' };

function windowFrom(raw: string | null): HealthWindow {
  return (HEALTH_WINDOWS as readonly string[]).includes(raw ?? '') ? (raw as HealthWindow) : '24h';
}

export function WebhooksPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const window = windowFrom(searchParams.get('window'));
  const health = useQuery(webhookQueries.health(window));

  return (
    <>
      <title>Webhooks · Storepay Admin</title>
      <PageHeader
        title="Webhooks"
        description="Delivery health of Stripe's webhooks: what arrived, how fast it was processed, what failed."
        actions={
          <div className="segmented" role="group" aria-label="Time window">
            {HEALTH_WINDOWS.map((option) => (
              <button
                key={option}
                type="button"
                className="segmented__option"
                aria-pressed={option === window}
                onClick={() => setSearchParams(option === '24h' ? {} : { window: option }, { replace: false })}
              >
                {WINDOW_LABELS[option]}
              </button>
            ))}
          </div>
        }
      />

      <QueryState query={health} loading="Loading webhook health…" errorTitle="Couldn't load webhook health">
        {(data) => <HealthView health={data} />}
      </QueryState>

      <FailedEventsPanel />
      <ReconciliationPanel />
    </>
  );
}

function Stat({ term, value, tone }: { term: string; value: string | number; tone?: 'bad' | 'warn' }) {
  return (
    <div className="stat" data-tone={tone}>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function HealthView({ health }: { health: WebhookHealth }) {
  const { counts, lag, backlog } = health;
  const queued = counts.received + counts.processing;
  return (
    <>
      <Panel id="counts-title" title={`Events in the ${WINDOW_WORDS[health.window]}`}>
        <dl className="stats" aria-label="Event counts">
          <Stat term="Received" value={counts.total} />
          <Stat term="Processed" value={counts.processed} />
          <Stat term="Ignored" value={counts.ignored} />
          <Stat term="Failed" value={counts.failed} tone={counts.failed > 0 ? 'warn' : undefined} />
          <Stat term="Dead" value={counts.dead} tone={counts.dead > 0 ? 'bad' : undefined} />
          <Stat term="Queued" value={queued} />
        </dl>
        <dl className="stats" aria-label="Delivery health">
          <Stat term="Lag p50" value={formatDuration(lag.p50Ms)} />
          <Stat term="Lag p95" value={formatDuration(lag.p95Ms)} />
          <Stat
            term="Signature failures"
            value={health.signatureFailures}
            tone={health.signatureFailures > 0 ? 'bad' : undefined}
          />
          <Stat term="Backlog" value={backlog.count} tone={backlog.count > 0 ? 'warn' : undefined} />
          <Stat term="Oldest in backlog" value={formatDuration(backlog.oldestAgeMs)} />
          <Stat term="Last event" value={formatInstant(health.lastEventAt)} />
          <Stat
            term="Payment anomalies"
            value={health.anomalies.count}
            tone={health.anomalies.count > 0 ? 'bad' : undefined}
          />
        </dl>
        {health.rejectionsByReason.length > 0 ? (
          <div className="panel__body">
            <h3 className="subheading">Rejected deliveries by reason</h3>
            <ul className="plain-list">
              {health.rejectionsByReason.map((rejection) => (
                <li key={rejection.reason}>
                  <code>{rejection.reason}</code>: {rejection.count}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </Panel>

      {health.anomalies.latest.length > 0 ? (
        <AnomaliesPanel
          anomalies={health.anomalies.latest}
          title={`Payment anomalies in the ${WINDOW_WORDS[health.window]}`}
          withOrder
        />
      ) : null}

      <Panel id="lag-title" title="Processing lag over time">
        {health.lagSeries.length === 0 ? (
          <p className="panel__body muted">No processed events in this window.</p>
        ) : (
          <div className="panel__body">
            <Suspense fallback={<QueryLoading label="Loading the chart…" />}>
              <LagChart series={health.lagSeries} window={health.window} />
            </Suspense>
            <details className="chart-table">
              <summary>Show the lag as a table</summary>
              <DataTable
                label="Processing lag per period"
                caption="Processing lag per period"
                columns={[
                  'From',
                  { label: 'Events', numeric: true },
                  { label: 'p50', numeric: true },
                  { label: 'p95', numeric: true },
                ]}
              >
                {health.lagSeries.map((point) => (
                  <tr key={point.at}>
                    <th scope="row">{formatInstant(point.at)}</th>
                    <td className="numeric">{point.count}</td>
                    <td className="numeric">{formatDuration(point.p50Ms)}</td>
                    <td className="numeric">{formatDuration(point.p95Ms)}</td>
                  </tr>
                ))}
              </DataTable>
            </details>
          </div>
        )}
      </Panel>

      <Panel id="types-title" title="Success rate by event type">
        {health.byType.length === 0 ? (
          <EmptyState title="No events in this window" />
        ) : (
          <DataTable
            label="Success rate by event type"
            caption="Success rate by event type"
            columns={[
              'Event type',
              { label: 'Total', numeric: true },
              { label: 'Processed', numeric: true },
              { label: 'Failed', numeric: true },
              { label: 'Dead', numeric: true },
              { label: 'Success rate', numeric: true },
            ]}
          >
            {health.byType.map((row) => (
              <tr key={row.type}>
                <th scope="row">
                  <code>{row.type}</code>
                </th>
                <td className="numeric">{row.total}</td>
                <td className="numeric">{row.processed}</td>
                <td className="numeric">{row.failed}</td>
                <td className="numeric">{row.dead}</td>
                <td className="numeric">{formatPercent(row.successRate)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Panel>
    </>
  );
}
