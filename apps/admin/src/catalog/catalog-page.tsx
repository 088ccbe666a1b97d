import type { AdminProduct } from '@storepay/payments-core';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Panel } from '../app/data-table';
import { EmptyState, PageHeader } from '../app/page-states';
import { QueryState } from '../app/query-state';
import { useCan } from '../session/session-context';
import { ProductForm } from './product-form';
import { productQueries } from './product-queries';
import { ProductPriceTable } from './product-price-table';

/** Which form is open: a new product's, or the edit of one (by id, so a refetch shows its fresh data). */
type OpenForm = { kind: 'new' } | { kind: 'edit'; id: string } | null;

export function CatalogPage() {
  const products = useQuery(productQueries.list());
  const canManage = useCan('manageCatalog');
  const [form, setForm] = useState<OpenForm>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // The button that opened the form gets the keyboard back when it closes.
  const opener = useRef<HTMLElement | null>(null);

  function open(next: NonNullable<OpenForm>) {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setSaved(null);
    setForm(next);
  }

  function close() {
    setForm(null);
    const button = opener.current;
    opener.current = null;
    if (button?.isConnected) button.focus();
  }

  function onSaved(product: AdminProduct, kind: 'create' | 'update') {
    setSaved(
      kind === 'create'
        ? `${product.name} was added to the catalog${product.active ? ': the shop sells it now' : ''}.`
        : `${product.name} was saved${product.active ? '' : ': it is inactive, so the shop does not sell it'}.`,
    );
    close();
  }

  const editing = form?.kind === 'edit' ? products.data?.find((product) => product.id === form.id) : undefined;

  return (
    <>
      <title>Catalog · Storepay Admin</title>
      <PageHeader
        title="Catalog"
        description="Every product, inactive ones too, and its price in every currency. The shop sells only the active ones."
        actions={
          <>
            {canManage ? (
              <button type="button" className="button" onClick={() => open({ kind: 'new' })}>
                New product
              </button>
            ) : null}
            {products.isSuccess ? (
              <button
                type="button"
                className="button button--secondary"
                disabled={products.isFetching}
                onClick={() => void products.refetch()}
              >
                {products.isFetching ? 'Refreshing…' : 'Refresh'}
              </button>
            ) : null}
          </>
        }
      />

      {saved ? (
        <div className="notice" role="status">
          <p>{saved}</p>
        </div>
      ) : null}

      {canManage && form?.kind === 'new' ? (
        <ProductForm key="new" product={null} onSaved={onSaved} onCancel={close} />
      ) : null}
      {canManage && editing ? (
        <ProductForm key={editing.id} product={editing} onSaved={onSaved} onCancel={close} />
      ) : null}

      <QueryState
        query={products}
        loading="Loading products…"
        errorTitle="Couldn't load the catalog"
        isEmpty={(list) => list.length === 0}
        empty={
          <EmptyState title="No products yet">
            <p>
              GET /api/admin/products returned an empty catalog.{' '}
              {canManage ? 'Add one with “New product”.' : 'Products appear here once an admin adds them.'}
            </p>
          </EmptyState>
        }
      >
        {(list) => (
          <Panel id="catalog-count" title={list.length === 1 ? '1 product' : `${list.length} products`}>
            <ProductPriceTable
              products={list}
              onEdit={canManage ? (product) => open({ kind: 'edit', id: product.id }) : undefined}
            />
          </Panel>
        )}
      </QueryState>
    </>
  );
}
