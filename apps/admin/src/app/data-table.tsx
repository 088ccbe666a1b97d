import type { ReactNode } from 'react';

/**
 * A column header: a label, right-aligned when it holds amounts (or with a class of its own); `header` renders in
 * its place when the header is a control (a select-all checkbox).
 */
export type Column = string | { label: string; numeric?: boolean; className?: string; header?: ReactNode };

/**
 * The table shell every list uses: a keyboard-focusable scrolling region named `label` (wide tables scroll in it,
 * not the page), a caption for screen readers, and the column headers; the rows are the children.
 */
export function DataTable({
  label,
  caption,
  columns,
  children,
}: {
  label: string;
  caption: string;
  columns: readonly Column[];
  children: ReactNode;
}) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) =>
              typeof column === 'string' ? (
                <th key={column} scope="col">
                  {column}
                </th>
              ) : (
                <th
                  key={column.label}
                  scope="col"
                  className={column.className ?? (column.numeric ? 'numeric' : undefined)}
                >
                  {column.header ?? column.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A titled panel; its heading names the section for assistive technology. */
export function Panel({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id} className="panel__title">
        {title}
      </h2>
      {children}
    </section>
  );
}
