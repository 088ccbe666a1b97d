// Kept free of the API client (and so of zod): these render before any route chunk has loaded.
import { useStore } from '@nanostores/react';
import { params } from '@nanostores/i18n';
import type { ReactNode } from 'react';
import { i18n } from '../i18n/i18n';

export const messages = i18n('pageStates', {
  /** Every page's document title: "Cart · Storepay shop". */
  documentTitle: params('{page} · Storepay shop'),
  loadingProducts: 'Loading products…',
  loadingProduct: 'Loading product…',
  loadingCart: 'Loading your cart…',
  loadingCheckout: 'Loading checkout…',
  loadingOrder: 'Loading your order…',
  loadingAccount: 'Loading your account…',
  pageNotFound: 'Page not found',
  /** `{path}` is shown as code, where it stands in the sentence. */
  noPageAt: 'There is no page at {path}.',
  browseCatalog: 'Browse the catalog',
});

/** The document's title for a page: "Cart · Storepay shop", in the shopper's language. */
export function DocumentTitle({ page }: { page: string }) {
  const t = useStore(messages);
  return <title>{t.documentTitle({ page })}</title>;
}

interface PageStatusProps {
  title: string;
  /** h1 when the status replaces the whole page, h2 when it sits under the page's own heading. */
  headingLevel?: 1 | 2;
  children?: ReactNode;
}

/** A centred message for empty and not-found states. */
export function PageStatus({ title, headingLevel = 2, children }: PageStatusProps) {
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <section className="page-status">
      <Heading className="page-status__title">{title}</Heading>
      {children}
    </section>
  );
}

/** Shown while a page's data loads for the first time. */
export function PageLoading({ label }: { label: string }) {
  return (
    <div className="page-status page-status--loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <p>{label}</p>
    </div>
  );
}
