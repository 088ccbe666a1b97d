import { useRouteError } from 'react-router';

/** Last resort when the layout itself fails to render: a plain page with a way out. */
export function RootErrorBoundary() {
  const error = useRouteError();
  if (import.meta.env.DEV) console.error(error);
  return (
    <main className="admin-main">
      <section className="state state--error" role="alert">
        <h1 className="state__title">Something went wrong</h1>
        <p>The admin hit an unexpected error. Reloading the page usually helps.</p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      </section>
    </main>
  );
}
