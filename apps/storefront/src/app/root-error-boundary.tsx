import { useStore } from '@nanostores/react';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { i18n } from '../i18n/i18n';

export const messages = i18n('errorBoundary', {
  title: 'Something went wrong',
  body: 'The shop hit an unexpected error. Reloading the page usually helps.',
  reload: 'Reload the page',
});

interface State {
  error: unknown;
}

function CrashMessage() {
  const t = useStore(messages);
  return (
    <section className="page-status page-status--error" role="alert">
      <h1 className="page-status__title">{t.title}</h1>
      <p>{t.body}</p>
      <button type="button" className="button" onClick={() => window.location.reload()}>
        {t.reload}
      </button>
    </section>
  );
}

/**
 * Last resort when rendering fails (a bug, or a page's code that could not be downloaded after a deploy): a plain
 * message with a way out instead of a blank page. The layout renders one around each page, keyed by its path, so
 * navigating elsewhere starts afresh.
 */
export class RootErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error ?? new Error('Unknown error') };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    if (import.meta.env.DEV) console.error(error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return <CrashMessage />;
  }
}
