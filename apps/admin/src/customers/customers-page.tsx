import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { DataTable, Panel } from '../app/data-table';
import { formatInstant } from '../app/format';
import { EmptyState, PageHeader } from '../app/page-states';
import { QueryState } from '../app/query-state';
import { useCan } from '../session/session-context';
import { CUSTOMER_SEARCH_LIMIT, customerQueries } from './customer-queries';

/** The API refuses longer searches (an email is at most 254 characters). */
const MAX_QUERY_LENGTH = 254;

const MASKED_HINT =
  'Emails are masked for your role: enter a whole email, an account id or a Stripe Customer id (cus_…).';
const ADMIN_HINT = 'Part of an email, a whole account id or a Stripe Customer id (cus_…).';

export function CustomersPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const q = searchParams.get('q')?.trim() ?? '';
  const customers = useQuery(customerQueries.list(q));
  const seesEmails = useCan('seeCustomerEmails');
  // The API says whether it masked the emails; until it answers, the role tells.
  const masked = customers.data?.emailsMasked ?? !seesEmails;

  return (
    <>
      <title>Customers · Storepay Admin</title>
      <PageHeader
        title="Customers"
        description="Shoppers' accounts: their orders, saved cards and the emails sent to them. Newest first."
      />
      {/* Remounts when the URL changes (back/forward, a shared link), so the field always shows the URL's search. */}
      <CustomerSearch
        key={q}
        initial={q}
        masked={masked}
        onApply={(next) => setSearchParams(next ? { q: next } : {})}
      />
      <QueryState
        query={customers}
        loading="Loading customers…"
        errorTitle="Couldn't load customers"
        isEmpty={(data) => data.customers.length === 0}
        empty={
          <EmptyState title={q ? `No accounts match “${q}”` : 'No customer accounts yet'}>
            <p>
              {q
                ? masked
                  ? 'With masked emails, only a whole email, an account id or a Stripe Customer id finds an account.'
                  : 'Try part of the email, or the Stripe Customer id.'
                : 'Accounts appear here once shoppers sign in to the storefront.'}
            </p>
          </EmptyState>
        }
      >
        {(data) => {
          const count = data.customers.length;
          const title = `${count === 1 ? '1 account' : `${count} accounts`}${
            q ? '' : count >= CUSTOMER_SEARCH_LIMIT ? `: the newest ${CUSTOMER_SEARCH_LIMIT}` : ', newest first'
          }`;
          return (
            <Panel id="customers-count" title={title}>
              {data.emailsMasked ? (
                <p className="panel__body muted">Emails are masked: support and admins see them whole.</p>
              ) : null}
              <DataTable
                label="Customer accounts"
                caption="Customer accounts"
                columns={['Customer', 'Stripe Customer', { label: 'Orders', numeric: true }, 'Created', 'Last sign-in']}
              >
                {data.customers.map((customer) => (
                  <tr key={customer.id}>
                    <th scope="row">
                      <Link to={`/customers/${customer.id}`} className="cell-title">
                        {customer.email}
                      </Link>
                      <code className="cell-subtitle">{customer.id}</code>
                    </th>
                    <td>{customer.stripeCustomerId ? <code>{customer.stripeCustomerId}</code> : '—'}</td>
                    <td className="numeric">{customer.orders}</td>
                    <td className="nowrap">{formatInstant(customer.createdAt)}</td>
                    <td className="nowrap">{formatInstant(customer.lastSignInAt)}</td>
                  </tr>
                ))}
              </DataTable>
            </Panel>
          );
        }}
      </QueryState>
    </>
  );
}

function CustomerSearch({
  initial,
  masked,
  onApply,
}: {
  initial: string;
  masked: boolean;
  onApply: (q: string) => void;
}) {
  const [value, setValue] = useState(initial);
  const ids = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply(value.trim());
  }

  return (
    <form className="panel filters filters--search" role="search" aria-label="Customer search" onSubmit={submit}>
      <div className="field">
        <label className="field__label" htmlFor={`${ids}-q`}>
          Search
        </label>
        <input
          id={`${ids}-q`}
          type="search"
          name="q"
          autoComplete="off"
          maxLength={MAX_QUERY_LENGTH}
          placeholder={masked ? 'ada@example.com or cus_…' : 'ada@, example.com or cus_…'}
          aria-describedby={`${ids}-q-hint`}
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
        <span id={`${ids}-q-hint`} className="field__hint">
          {masked ? MASKED_HINT : ADMIN_HINT}
        </span>
      </div>
      <div className="filters__actions">
        <button type="submit" className="button">
          Search
        </button>
        {initial ? (
          <button type="button" className="button button--secondary" onClick={() => onApply('')}>
            Show newest
          </button>
        ) : null}
      </div>
    </form>
  );
}
