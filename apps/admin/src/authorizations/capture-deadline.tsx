import { formatInstant } from '../app/format';

/**
 * When an authorisation lapses (Stripe cancels it then), with the API's "expires within 24 h" warning as words and
 * a coloured badge (colour is never the only signal).
 */
export function CaptureDeadline({
  captureBefore,
  expiringSoon,
}: {
  captureBefore: string | null;
  expiringSoon: boolean;
}) {
  return (
    <>
      {captureBefore ? <time dateTime={captureBefore}>{formatInstant(captureBefore)}</time> : '—'}
      {expiringSoon ? (
        <>
          {' '}
          <span className="badge" data-status="expiring">
            Expires within 24 h
          </span>
        </>
      ) : null}
    </>
  );
}
