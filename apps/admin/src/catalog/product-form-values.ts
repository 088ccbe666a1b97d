// What the product form holds (text as typed, prices in MAJOR units) and the requests made from it (prices in minor
// units, converted with each currency's exponent by money-input: JPY refuses "12.5", KWD takes 3 decimals).
import {
  CURRENCY_CODES,
  createProductSchema,
  updateProductSchema,
  type AdminProduct,
  type CreateProductRequest,
  type CurrencyCode,
  type UpdateProductRequest,
} from '@storepay/payments-core';
import { parseAmountInput, toMajorInput } from '../payments/money-input';

export type PriceInputs = Record<CurrencyCode, string>;

export interface ProductFormValues {
  slug: string;
  name: string;
  description: string;
  imageUrl: string;
  active: boolean;
  /** A price per currency as typed, in major units ("24.50"); empty means not priced in that currency. */
  prices: PriceInputs;
}

/**
 * Errors by field, as sentences to show next to it. Keys are the API's `error.fields` keys: `slug`, `name`,
 * `description`, `imageUrl`, `active`, `prices.usd`, … and `prices` (the prices as a whole).
 */
export type FieldErrors = Partial<Record<string, string>>;

export const priceField = (currency: CurrencyCode) => `prices.${currency}`;

/** Every key the form shows an error next to; an error about anything else is listed in the form's alert. */
export const PLACED_FIELDS: ReadonlySet<string> = new Set([
  'slug',
  'name',
  'description',
  'imageUrl',
  'active',
  'prices',
  ...CURRENCY_CODES.map(priceField),
]);

const LABELS: Record<string, string> = {
  slug: 'Slug',
  name: 'Name',
  description: 'Description',
  imageUrl: 'Image URL',
  active: 'Active',
};

export function priceLabel(currency: CurrencyCode): string {
  return `Price in ${currency.toUpperCase()}`;
}

function fieldLabel(field: string): string {
  const currency = /^prices\.([a-z]{3})$/.exec(field)?.[1];
  if (currency) return `Price in ${currency.toUpperCase()}`;
  return LABELS[field] ?? field;
}

/**
 * The API's (and the schemas') messages are about a field ("is taken", "must be more than 0"): named by its label
 * they read as a sentence ("Slug is taken"). The prices as a whole read on their own ("Needs at least one price").
 */
export function fieldMessage(field: string, problem: string): string {
  if (field === 'prices') return `${problem.charAt(0).toUpperCase()}${problem.slice(1)}`;
  return `${fieldLabel(field)} ${problem}`;
}

/** An ApiError's `fields` as the form shows them. */
export function serverFieldErrors(fields: Readonly<Record<string, string>>): FieldErrors {
  return Object.fromEntries(Object.entries(fields).map(([field, problem]) => [field, fieldMessage(field, problem)]));
}

const noPrices = (): PriceInputs => Object.fromEntries(CURRENCY_CODES.map((currency) => [currency, ''])) as PriceInputs;

export function emptyProductValues(): ProductFormValues {
  return { slug: '', name: '', description: '', imageUrl: '', active: true, prices: noPrices() };
}

/** A product as the edit form starts: its texts, and each price as the major-unit decimal staff would type. */
export function productFormValues(product: AdminProduct): ProductFormValues {
  const prices = noPrices();
  for (const price of product.prices) prices[price.currency] = toMajorInput(price.unitAmount, price.currency);
  return {
    slug: product.slug,
    name: product.name,
    description: product.description,
    imageUrl: product.imageUrl ?? '',
    active: product.active,
    prices,
  };
}

type Built<T> = { ok: true; request: T } | { ok: false; errors: FieldErrors };

/** Each price typed, in minor units; what cannot be read is in `errors` (and left out). */
function parsePrices(inputs: PriceInputs, errors: FieldErrors): Partial<Record<CurrencyCode, number>> {
  const prices: Partial<Record<CurrencyCode, number>> = {};
  for (const currency of CURRENCY_CODES) {
    const text = inputs[currency].trim();
    if (text === '') continue;
    const parsed = parseAmountInput(text, currency);
    if (parsed.ok) prices[currency] = parsed.minor;
    else errors[priceField(currency)] = parsed.error;
  }
  return prices;
}

/** The schema's issues (path `['prices', 'usd']` → `prices.usd`), the first per field, unless one is already there. */
function addIssues(errors: FieldErrors, issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  for (const issue of issues) {
    const field = issue.path.map(String).join('.') || 'request';
    errors[field] ??= fieldMessage(field, issue.message);
  }
}

const NEEDS_A_PRICE = fieldMessage('prices', 'needs at least one price');
const hasAnyPrice = (inputs: PriceInputs) => CURRENCY_CODES.some((currency) => inputs[currency].trim() !== '');

/** POST /api/admin/products from the form, checked as the API checks it; an empty price is no price. */
export function buildCreateRequest(values: ProductFormValues): Built<CreateProductRequest> {
  const errors: FieldErrors = {};
  const prices = parsePrices(values.prices, errors);
  const imageUrl = values.imageUrl.trim();
  const parsed = createProductSchema.safeParse({
    slug: values.slug.trim(),
    name: values.name.trim(),
    description: values.description.trim(),
    ...(imageUrl ? { imageUrl } : {}),
    prices,
  });
  if (!parsed.success) addIssues(errors, parsed.error.issues);
  if (!hasAnyPrice(values.prices)) errors.prices ??= NEEDS_A_PRICE;
  return Object.keys(errors).length > 0 || !parsed.success ? { ok: false, errors } : { ok: true, request: parsed.data };
}

/**
 * PATCH /api/admin/products/:id from the form: only what differs from the product. A price emptied that the product
 * had is sent as null (removed); a price not changed is not sent; an image URL emptied is null (none).
 */
export function buildUpdateRequest(product: AdminProduct, values: ProductFormValues): Built<UpdateProductRequest> {
  const errors: FieldErrors = {};
  const changes: UpdateProductRequest = {};
  const name = values.name.trim();
  if (name !== product.name) changes.name = name;
  const description = values.description.trim();
  if (description !== product.description) changes.description = description;
  const imageUrl = values.imageUrl.trim() || null;
  if (imageUrl !== product.imageUrl) changes.imageUrl = imageUrl;
  if (values.active !== product.active) changes.active = values.active;

  const current = new Map(product.prices.map((price) => [price.currency, price.unitAmount]));
  const typed = parsePrices(values.prices, errors);
  const prices: Partial<Record<CurrencyCode, number | null>> = {};
  for (const currency of CURRENCY_CODES) {
    const before = current.get(currency);
    const empty = values.prices[currency].trim() === '';
    if (empty && before !== undefined) prices[currency] = null;
    const after = typed[currency];
    if (after !== undefined && after !== before) prices[currency] = after;
  }
  if (Object.keys(prices).length > 0) changes.prices = prices;

  const parsed = updateProductSchema.safeParse(changes);
  if (!parsed.success) addIssues(errors, parsed.error.issues);
  if (!hasAnyPrice(values.prices)) errors.prices ??= NEEDS_A_PRICE;
  return Object.keys(errors).length > 0 || !parsed.success ? { ok: false, errors } : { ok: true, request: parsed.data };
}
