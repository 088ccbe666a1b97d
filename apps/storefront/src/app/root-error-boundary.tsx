import { useRouteError } from 'react-router';

/** Last resort when the layout itself fails to render: a plain page with a way out. */
export function RootErrorBoundary() {
  const error = useRouteError();
  if (import.meta.env.DEV) console.error(error);
  return (
    <main className="container site-main">
      <section className="page-status page-status--error" role="alert">
        <h1 className="page-status__title">Something went wrong</h1>
        <p>The shop hit an unexpected error. Reloading the page usually helps.</p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      </section>
    </main>
  );
}
