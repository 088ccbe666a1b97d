import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { DataTable, Panel } from '../app/data-table';
import { formatCard, formatInstant } from '../app/format';
import { EmptyState, PageHeader } from '../app/page-states';
import { QueryState } from '../app/query-state';
import { formatAmount } from '../payments/money-input';
import { authorizationQueries } from './authorization-queries';
import { CaptureDeadline } from './capture-deadline';

/**
 * Manual capture: the authorisations still open, the soonest to lapse first (the API's order), optionally only
 * those lapsing within 24 hours (`?expiring=true`). Each row leads to its payment, where staff capture or release.
 */
export function AuthorizationsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const expiring = searchParams.get('expiring') === 'true';
  const authorizations = useQuery(authorizationQueries.list({ expiring }));

  return (
    <>
      <title>Authorisations · Storepay Admin</title>
      <PageHeader
        title="Authorisations"
        description="Payments authorised and not captured yet, the soonest to lapse first. Capture or release each on its payment page before its deadline."
        actions={
          <label className="checkbox">
            <input
              type="checkbox"
              checked={expiring}
              onChange={(event) => setSearchParams(event.target.checked ? { expiring: 'true' } : {})}
            />
            <span>Expiring within 24 h</span>
          </label>
        }
      />
      <QueryState
        query={authorizations}
        loading="Loading open authorisations…"
        errorTitle="Couldn't load the authorisations"
        isEmpty={(data) => data.authorizations.length === 0}
        empty={
          <EmptyState title={expiring ? 'Nothing expires within 24 hours' : 'No open authorisations'}>
            <p>
              {expiring
                ? 'Every open authorisation has more than a day left.'
                : 'Every authorised payment has been captured or released.'}
            </p>
          </EmptyState>
        }
      >
        {({ authorizations: rows }) => (
          <Panel
            id="authorizations-count"
            title={rows.length === 1 ? '1 open authorisation' : `${rows.length} open authorisations`}
          >
            <DataTable
              label="Open authorisations"
              caption="Open authorisations, the soonest to lapse first"
              columns={[
                'Payment',
                'Customer',
                'Card',
                { label: 'Capturable', numeric: true },
                'Authorised',
                'Capture before',
                'Pending',
              ]}
            >
              {rows.map((row) => (
                <tr key={row.orderId} data-expiring={row.expiringSoon || undefined}>
                  <th scope="row">
                    <Link to={`/payments/${row.orderId}`} className="cell-title">
                      <span className="visually-hidden">Payment </span>
                      {row.orderId.slice(0, 8)}
                    </Link>
                    <code className="cell-subtitle">{row.paymentIntentId}</code>
                  </th>
                  <td>{row.email ?? '—'}</td>
                  <td>{formatCard(row.cardBrand, row.cardLast4)}</td>
                  <td className="numeric">
                    {formatAmount(row.amountCapturable, row.currency)}
                    {row.amountCapturable !== row.amount ? (
                      <span className="cell-subtitle">of {formatAmount(row.amount, row.currency)}</span>
                    ) : null}
                  </td>
                  <td className="nowrap">{formatInstant(row.authorizedAt)}</td>
                  <td className="nowrap">
                    <CaptureDeadline captureBefore={row.captureBefore} expiringSoon={row.expiringSoon} />
                  </td>
                  <td>
                    {row.pendingAction
                      ? row.pendingAction === 'capture'
                        ? 'Capture pending'
                        : 'Release pending'
                      : '—'}
                  </td>
                </tr>
              ))}
            </DataTable>
          </Panel>
        )}
      </QueryState>
    </>
  );
}
