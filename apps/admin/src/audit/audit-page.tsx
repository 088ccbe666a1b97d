import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { formatInstant } from '../app/format';
import { DataTable, Panel } from '../app/data-table';
import { EmptyState, PageHeader } from '../app/page-states';
import { LoadMore, QueryState } from '../app/query-state';
import { auditQueries } from './audit-queries';

function detailsText(details: unknown): string | null {
  if (details === null || details === undefined) return null;
  if (typeof details === 'object' && Object.keys(details).length === 0) return null;
  return JSON.stringify(details);
}

export function AuditPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const action = searchParams.get('action')?.trim() ?? '';
  const entries = useInfiniteQuery(auditQueries.list(action ? { action } : {}));
  const rows = entries.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <>
      <title>Audit log · Storepay Admin</title>
      <PageHeader title="Audit log" description="Every staff action and security event, newest first. Append-only." />
      <ActionFilter key={action} initial={action} onApply={(next) => setSearchParams(next ? { action: next } : {})} />
      <QueryState
        query={entries}
        loading="Loading the audit log…"
        errorTitle="Couldn't load the audit log"
        isEmpty={() => rows.length === 0}
        empty={<EmptyState title={action ? `No entries for “${action}”` : 'The audit log is empty'} />}
      >
        {() => (
          <Panel
            id="audit-count"
            title={`${rows.length === 1 ? '1 entry' : `${rows.length} entries`}${entries.hasNextPage ? ' shown, more available' : ''}`}
          >
            <DataTable
              label="Audit entries"
              caption="Audit log entries"
              columns={['When', 'Action', 'Actor', 'Target', 'Details', 'IP']}
            >
              {rows.map((entry) => (
                <tr key={entry.id}>
                  <th scope="row" className="nowrap">
                    {formatInstant(entry.occurredAt)}
                  </th>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>{entry.actorEmail ?? <span className="muted">system</span>}</td>
                  <td>
                    {entry.targetType}
                    {entry.targetId ? <code className="cell-subtitle">{entry.targetId}</code> : null}
                  </td>
                  <td className="details-cell">
                    {detailsText(entry.details) ? <code>{detailsText(entry.details)}</code> : '—'}
                  </td>
                  <td>{entry.ip ?? '—'}</td>
                </tr>
              ))}
            </DataTable>
            <LoadMore query={entries} what="entries" />
          </Panel>
        )}
      </QueryState>
    </>
  );
}

function ActionFilter({ initial, onApply }: { initial: string; onApply: (action: string) => void }) {
  const [value, setValue] = useState(initial);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply(value.trim());
  }
  return (
    <form className="panel filters filters--inline" aria-label="Audit filters" onSubmit={submit}>
      <label className="field">
        <span className="field__label">Action</span>
        <input
          type="text"
          name="action"
          list="audit-actions"
          placeholder="e.g. refund.requested"
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
        <datalist id="audit-actions">
          {[
            'staff.signed_in',
            'staff.signed_out',
            'staff.locked_out',
            'staff.created',
            'staff.updated',
            'webhook.replayed',
            'reconciliation.run',
          ].map((option) => (
            <option key={option} value={option} />
          ))}
        </datalist>
      </label>
      <div className="filters__actions">
        <button type="submit" className="button">
          Filter
        </button>
        {initial ? (
          <button type="button" className="button button--secondary" onClick={() => onApply('')}>
            Show all
          </button>
        ) : null}
      </div>
    </form>
  );
}
