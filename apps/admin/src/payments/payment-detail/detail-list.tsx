import type { ReactNode } from 'react';

/** A term and its value in a details list; an empty value reads "—". */
export function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="details__row">
      <dt>{term}</dt>
      <dd>{children ?? '—'}</dd>
    </div>
  );
}

/** Formats minor units of the payment's currency. */
export type MoneyText = (amount: number) => string;
