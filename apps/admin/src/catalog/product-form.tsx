import {
  CURRENCY_CODES,
  currencyExponent,
  type AdminProduct,
  type CreateProductRequest,
  type CurrencyCode,
  type UpdateProductRequest,
} from '@storepay/payments-core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../api/api-client';
import { decimalsHint } from '../payments/money-input';
import { createProduct, updateProduct } from './catalog-api';
import { formattedPrice } from './price-columns';
import {
  buildCreateRequest,
  buildUpdateRequest,
  emptyProductValues,
  PLACED_FIELDS,
  priceField,
  priceLabel,
  productFormValues,
  serverFieldErrors,
  type FieldErrors,
  type ProductFormValues,
} from './product-form-values';
import { productQueries } from './product-queries';

type Save = { kind: 'create'; request: CreateProductRequest } | { kind: 'update'; request: UpdateProductRequest };

interface ProductFormProps {
  /** The product to edit; null for a new one. */
  product: AdminProduct | null;
  onSaved: (product: AdminProduct, kind: Save['kind']) => void;
  onCancel: () => void;
}

type TextField = 'slug' | 'name' | 'description' | 'imageUrl';

/**
 * A new product (slug, name, description, image URL, a price per currency) or an edit of one (the same but the slug,
 * plus whether the shop sells it). Prices are typed in major units and sent in minor units; an edit sends only what
 * changed. Errors show next to their field, the API's too (`error.fields`).
 */
export function ProductForm({ product, onSaved, onCancel }: ProductFormProps) {
  const queryClient = useQueryClient();
  const ids = useId();
  const editing = product !== null;
  const [values, setValues] = useState<ProductFormValues>(() =>
    product ? productFormValues(product) : emptyProductValues(),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [unchanged, setUnchanged] = useState(false);
  const firstField = useRef<HTMLInputElement>(null);
  // A double-click sends one request (a second create would only find its own slug taken).
  const inFlight = useRef(false);

  // Opening the form takes the keyboard to its first field.
  useEffect(() => firstField.current?.focus(), []);

  const save = useMutation({
    mutationFn: (variables: Save) =>
      variables.kind === 'create'
        ? createProduct(variables.request)
        : updateProduct(product?.id ?? '', variables.request),
    onSuccess: (saved, variables) => {
      void queryClient.invalidateQueries({ queryKey: productQueries.all() });
      onSaved(saved, variables.kind);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.fields) setErrors(serverFieldErrors(error.fields));
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    setUnchanged(false);
    save.reset();
    if (product) {
      const built = buildUpdateRequest(product, values);
      if (!built.ok) return setErrors(built.errors);
      setErrors({});
      if (Object.keys(built.request).length === 0) return setUnchanged(true);
      send({ kind: 'update', request: built.request });
    } else {
      const built = buildCreateRequest(values);
      if (!built.ok) return setErrors(built.errors);
      setErrors({});
      send({ kind: 'create', request: built.request });
    }
  }

  function send(variables: Save) {
    inFlight.current = true;
    save.mutate(variables, {
      onSettled: () => {
        inFlight.current = false;
      },
    });
  }

  const set = <K extends keyof ProductFormValues>(key: K, value: ProductFormValues[K]) =>
    setValues((previous) => ({ ...previous, [key]: value }));
  const setPrice = (currency: CurrencyCode, value: string) =>
    setValues((previous) => ({ ...previous, prices: { ...previous.prices, [currency]: value } }));

  const idOf = (field: string) => `${ids}-${field.replace('.', '-')}`;
  /** The ids describing a field: its hint, then its error when there is one. */
  const describedBy = (field: string, hint: boolean) =>
    [hint ? `${idOf(field)}-hint` : null, errors[field] ? `${idOf(field)}-error` : null].filter(Boolean).join(' ') ||
    undefined;
  const errorOf = (field: string) =>
    errors[field] ? (
      <span id={`${idOf(field)}-error`} className="field__error">
        {errors[field]}
      </span>
    ) : null;

  function textField(field: TextField, label: string, input: ReactNode, hint?: ReactNode, wide = false) {
    return (
      <div className={wide ? 'field form-grid__full' : 'field'}>
        <label className="field__label" htmlFor={idOf(field)}>
          {label}
        </label>
        {input}
        {hint ? (
          <span id={`${idOf(field)}-hint`} className="field__hint">
            {hint}
          </span>
        ) : null}
        {errorOf(field)}
      </div>
    );
  }

  const inputProps = (field: TextField, hint: boolean) => ({
    id: idOf(field),
    name: field,
    value: values[field],
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': describedBy(field, hint),
  });

  const apiError = save.error instanceof ApiError ? save.error : null;
  const unplaced = Object.entries(errors).filter(([field]) => !PLACED_FIELDS.has(field));
  const hasFieldErrors = Object.keys(errors).length > unplaced.length;
  const title = product ? `Edit ${product.name}` : 'New product';

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel__title">
        {title}
      </h2>
      <form className="panel__body form-grid form-grid--wide" onSubmit={submit} noValidate>
        {save.isError || Object.keys(errors).length > 0 ? (
          <div className="form-error form-grid__full" role="alert">
            <p>
              {save.isError
                ? apiError
                  ? apiError.message
                  : 'Something unexpected went wrong: the product was not saved.'
                : 'The product was not saved.'}
              {hasFieldErrors ? ' Check the fields marked below.' : ''}
            </p>
            {unplaced.length > 0 ? (
              <ul className="plain-list">
                {unplaced.map(([field, message]) => (
                  <li key={field}>{message}</li>
                ))}
              </ul>
            ) : null}
            {apiError ? <code>{apiError.code}</code> : null}
          </div>
        ) : null}
        {unchanged ? (
          <p className="notice form-grid__full" role="status">
            Nothing changed: there is nothing to save.
          </p>
        ) : null}

        {editing
          ? null
          : textField(
              'slug',
              'Slug',
              <input
                {...inputProps('slug', true)}
                ref={firstField}
                type="text"
                autoComplete="off"
                spellCheck={false}
                onChange={(event) => set('slug', event.target.value)}
              />,
              'Its address in the shop (/products/slug): lower-case letters, digits and dashes. It cannot be changed later.',
            )}
        {textField(
          'name',
          'Name',
          <input
            {...inputProps('name', false)}
            ref={editing ? firstField : undefined}
            type="text"
            autoComplete="off"
            onChange={(event) => set('name', event.target.value)}
          />,
        )}
        {textField(
          'imageUrl',
          'Image URL (optional)',
          <input
            {...inputProps('imageUrl', true)}
            type="url"
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => set('imageUrl', event.target.value)}
          />,
          'An http(s) address of its picture; leave empty for none.',
        )}
        {textField(
          'description',
          'Description',
          <textarea
            {...inputProps('description', false)}
            rows={3}
            onChange={(event) => set('description', event.target.value)}
          />,
          undefined,
          true,
        )}

        <fieldset
          className="price-fieldset form-grid__full"
          aria-describedby={`${ids}-prices-note${errors.prices ? ` ${idOf('prices')}-error` : ''}`}
        >
          <legend>Prices</legend>
          <p id={`${ids}-prices-note`} className="field__hint">
            In each currency’s major units (24.50 dollars, 3600 yen). Leave a currency empty to not sell in it. Orders
            already placed keep the price they were placed at.
          </p>
          {errorOf('prices')}
          <div className="form-grid">
            {CURRENCY_CODES.map((currency) => {
              const field = priceField(currency);
              const now = product ? formattedPrice(product, currency) : null;
              return (
                <div key={currency} className="field">
                  <label className="field__label" htmlFor={idOf(field)}>
                    {priceLabel(currency)}
                  </label>
                  <div className="input-with-unit">
                    <input
                      id={idOf(field)}
                      name={field}
                      type="text"
                      inputMode={currencyExponent(currency) === 0 ? 'numeric' : 'decimal'}
                      autoComplete="off"
                      value={values.prices[currency]}
                      aria-invalid={errors[field] ? true : undefined}
                      aria-describedby={describedBy(field, true)}
                      onChange={(event) => setPrice(currency, event.target.value)}
                    />
                    <span className="input-with-unit__unit" aria-hidden="true">
                      {currency.toUpperCase()}
                    </span>
                  </div>
                  <span id={`${idOf(field)}-hint`} className="field__hint">
                    {currency.toUpperCase()}, {decimalsHint(currency)}
                    {product ? (now ? `; now ${now}` : '; not priced now') : ''}
                  </span>
                  {errorOf(field)}
                </div>
              );
            })}
          </div>
        </fieldset>

        {product ? (
          <div className="field form-grid__full">
            <label className="checkbox">
              <input
                type="checkbox"
                name="active"
                checked={values.active}
                aria-invalid={errors.active ? true : undefined}
                aria-describedby={describedBy('active', true)}
                onChange={(event) => set('active', event.target.checked)}
              />
              Active (sold in the shop)
            </label>
            <span id={`${idOf('active')}-hint`} className="field__hint">
              An inactive product stays in this list and in the orders that have it, but the shop no longer shows or
              sells it.
            </span>
            {errorOf('active')}
          </div>
        ) : null}

        <div className="form-actions form-grid__full">
          <button type="submit" className="button" disabled={save.isPending} aria-busy={save.isPending}>
            {product ? 'Save changes' : 'Create product'}
          </button>
          <button type="button" className="button button--secondary" onClick={onCancel} disabled={save.isPending}>
            Cancel
          </button>
          {save.isPending ? (
            <span role="status" className="muted">
              Saving…
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}
