import type { PaymentDetail, TimelineEntry } from '@storepay/payments-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../api/api-client';
import { Panel } from '../../app/data-table';
import { formatInstant, StatusBadge } from '../../app/format';
import { useCan } from '../../session/session-context';
import { paymentQueries, replayNotification } from '../payment-queries';

/** "Send again" on a notification that failed or gave up (support and admins). */
function ResendButton({ entry, orderId }: { entry: TimelineEntry; orderId: string }) {
  const queryClient = useQueryClient();
  const resend = useMutation({
    mutationFn: (id: string) => replayNotification(id),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: paymentQueries.detail(orderId).queryKey }),
  });
  if (!entry.notificationId) return null;
  const id = entry.notificationId;
  return (
    <p>
      <button
        type="button"
        className="button button--secondary"
        disabled={resend.isPending}
        onClick={() => resend.mutate(id)}
      >
        Send again
      </button>
      {resend.isSuccess ? <span role="status"> Queued: the workers send it again.</span> : null}
      {resend.error ? (
        <span role="alert"> {resend.error instanceof ApiError ? resend.error.message : 'Could not queue it.'}</span>
      ) : null}
    </p>
  );
}

/** Everything that happened to the payment, oldest first: checkout, Stripe's events, refunds, staff, emails. */
export function TimelinePanel({ payment }: { payment: PaymentDetail }) {
  const canResend = useCan('resendNotifications');
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
                {canResend &&
                entry.kind === 'notification' &&
                (entry.status === 'dead' || entry.status === 'failed') ? (
                  <ResendButton entry={entry} orderId={payment.orderId} />
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
