import type { ReplayResult, WebhookEventSummary } from '@storepay/payments-core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api/api-client';
import { formatInstant, StatusBadge } from '../app/format';
import { DataTable } from '../app/data-table';
import { QueryState } from '../app/query-state';
import { useCan } from '../session/session-context';
import { replayEvent, replayEvents, webhookQueries } from './webhook-queries';

function replaySummary(result: ReplayResult): string {
  const replayed = result.replayed.length === 1 ? '1 event' : `${result.replayed.length} events`;
  const skipped = result.skipped.length > 0 ? `; ${result.skipped.length} skipped (being processed or gone)` : '';
  return `Replayed ${replayed}${skipped}. The workers apply them again.`;
}

/** Failed and dead events with their errors and attempts; admins replay one or a selection. */
export function FailedEventsPanel() {
  const queryClient = useQueryClient();
  const canReplay = useCan('replayEvents');
  const failed = useQuery(webhookQueries.events({ status: 'failed' }));
  const dead = useQuery(webhookQueries.events({ status: 'dead' }));
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [message, setMessage] = useState<string | null>(null);

  const replay = useMutation({
    mutationFn: (ids: string[]) => (ids.length === 1 && ids[0] ? replayEvent(ids[0]) : replayEvents(ids)),
    onSuccess: (result) => {
      setMessage(replaySummary(result));
      setSelected(new Set());
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: webhookQueries.all() }),
  });

  const events: WebhookEventSummary[] = [...(dead.data?.events ?? []), ...(failed.data?.events ?? [])];
  /** The two lists (failed, dead) as one query. */
  const both = {
    isPending: failed.isPending || dead.isPending,
    isError: failed.isError || dead.isError,
    isFetching: failed.isFetching || dead.isFetching,
    error: failed.error ?? dead.error,
    data: events,
    refetch: () => {
      void failed.refetch();
      void dead.refetch();
    },
  };

  function toggle(id: string, checked: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (checked) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  const selectedIds = events.filter((event) => selected.has(event.id)).map((event) => event.id);
  const allSelected = events.length > 0 && selectedIds.length === events.length;

  return (
    <section className="panel" aria-labelledby="failed-title">
      <div className="panel__header">
        <h2 id="failed-title" className="panel__title panel__title--bare">
          Failed and dead events
        </h2>
        {canReplay && events.length > 0 ? (
          <button
            type="button"
            className="button button--small"
            disabled={selectedIds.length === 0 || replay.isPending}
            onClick={() => replay.mutate(selectedIds)}
          >
            Replay selected ({selectedIds.length})
          </button>
        ) : null}
      </div>
      {message ? (
        <p className="notice" role="status">
          {message}
        </p>
      ) : null}
      {replay.isError ? (
        <p className="form-error" role="alert">
          {replay.error instanceof ApiError ? replay.error.message : 'The replay failed.'}
        </p>
      ) : null}
      <QueryState
        query={both}
        loading="Loading failed events…"
        errorTitle="Couldn't load failed events"
        isEmpty={(list) => list.length === 0}
        empty={<p className="panel__body muted">No failed or dead events. Everything was processed.</p>}
      >
        {(list) => (
          <DataTable
            label="Failed and dead events table"
            caption="Failed and dead events"
            columns={[
              ...(canReplay
                ? [
                    {
                      label: 'Select',
                      header: (
                        <input
                          type="checkbox"
                          aria-label="Select all failed and dead events"
                          checked={allSelected}
                          onChange={(event) =>
                            setSelected(event.target.checked ? new Set(list.map((item) => item.id)) : new Set())
                          }
                        />
                      ),
                    },
                  ]
                : []),
              'Event',
              'Status',
              { label: 'Attempts', numeric: true },
              'Last error',
              'Received',
              ...(canReplay ? ['Action'] : []),
            ]}
          >
            {list.map((event) => (
              <tr key={event.id}>
                {canReplay ? (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select ${event.stripeEventId}`}
                      checked={selected.has(event.id)}
                      onChange={(change) => toggle(event.id, change.target.checked)}
                    />
                  </td>
                ) : null}
                <th scope="row">
                  <code className="cell-title">{event.type}</code>
                  <code className="cell-subtitle">{event.stripeEventId}</code>
                </th>
                <td>
                  <StatusBadge status={event.status} />
                </td>
                <td className="numeric">{event.attempts}</td>
                <td className="error-cell">{event.lastError ?? '—'}</td>
                <td className="nowrap">{formatInstant(event.receivedAt)}</td>
                {canReplay ? (
                  <td>
                    <button
                      type="button"
                      className="button button--small button--secondary"
                      aria-label={`Replay ${event.stripeEventId}`}
                      disabled={replay.isPending}
                      onClick={() => replay.mutate([event.id])}
                    >
                      Replay
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </DataTable>
        )}
      </QueryState>
    </section>
  );
}
