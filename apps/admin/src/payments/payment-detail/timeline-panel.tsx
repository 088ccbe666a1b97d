import type { PaymentDetail } from '@storepay/payments-core';
import { Panel } from '../../app/data-table';
import { formatInstant, StatusBadge } from '../../app/format';

/** Everything that happened to the payment, oldest first: checkout, Stripe's events, refunds, staff actions. */
export function TimelinePanel({ payment }: { payment: PaymentDetail }) {
  return (
    <Panel id="timeline-title" title="Timeline">
      {payment.timeline.length === 0 ? (
        <p className="panel__body muted">Nothing happened yet.</p>
      ) : (
        <ol className="timeline" aria-labelledby="timeline-title">
          {payment.timeline.map((entry, index) => (
            <li key={`${entry.at}-${index}`} className="timeline__entry" data-kind={entry.kind}>
              <time dateTime={entry.at} className="timeline__time">
                {formatInstant(entry.at)}
              </time>
              <div>
                <p className="timeline__title">
                  {entry.title}
                  {entry.status ? (
                    <>
                      {' '}
                      <StatusBadge status={entry.status} />
                    </>
                  ) : null}
                </p>
                {entry.detail ? <p className="muted">{entry.detail}</p> : null}
                {entry.actor ? <p className="muted">by {entry.actor}</p> : null}
              </div>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
