import { isChargeableAmount, money, multiplyMoney, sumMoney, type Money } from '../money/money';
import { MAXIMUM_AMOUNT, minimumChargeAmount, type CurrencyCode } from '../money/currency';

export interface CartLine {
  productId: string;
  quantity: number;
}

/** What the catalog says about one product: its name and its price in each currency it is sold in. */
export interface CatalogEntry {
  productId: string;
  name: string;
  active: boolean;
  /** Unit prices in minor units, by currency. */
  prices: Partial<Record<CurrencyCode, number>>;
}

export interface PricedLine {
  productId: string;
  name: string;
  quantity: number;
  unitAmount: Money;
  lineAmount: Money;
}

export interface PricedOrder {
  currency: CurrencyCode;
  lines: PricedLine[];
  total: Money;
}

/** Why a cart cannot be priced, by field path in the checkout request (`items.2.productId`, `items`). */
export type PricingProblems = Record<string, string>;

/**
 * Prices a cart from the catalog alone: the only prices that count are the server's. Lines for the same product
 * are merged. Fails with the fields that are wrong: an unknown or inactive product, a product not sold in the
 * currency, or a total outside Stripe's minimum and maximum charge for the currency.
 */
export function priceOrder(
  lines: readonly CartLine[],
  currency: CurrencyCode,
  catalog: ReadonlyMap<string, CatalogEntry>,
): { ok: true; order: PricedOrder } | { ok: false; problems: PricingProblems } {
  const problems: PricingProblems = {};
  const merged = new Map<string, { quantity: number; index: number }>();
  lines.forEach((line, index) => {
    const existing = merged.get(line.productId);
    if (existing) existing.quantity += line.quantity;
    else merged.set(line.productId, { quantity: line.quantity, index });
  });

  const priced: PricedLine[] = [];
  for (const [productId, { quantity, index }] of merged) {
    const entry = catalog.get(productId);
    const unit = entry?.prices[currency];
    if (!entry || !entry.active) problems[`items.${index}.productId`] = 'is not a product we sell';
    else if (unit === undefined) problems[`items.${index}.productId`] = `is not sold in ${currency.toUpperCase()}`;
    else if (quantity > 99) problems[`items.${index}.quantity`] = 'must be at most 99 in total';
    else {
      const unitAmount = money(unit, currency);
      priced.push({
        productId,
        name: entry.name,
        quantity,
        unitAmount,
        lineAmount: multiplyMoney(unitAmount, quantity),
      });
    }
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };

  const total = sumMoney(
    priced.map((line) => line.lineAmount),
    currency,
  );
  if (!isChargeableAmount(total)) {
    const limit =
      total.amount < minimumChargeAmount(currency)
        ? `the total must be at least ${minimumChargeAmount(currency)} (minor units of ${currency.toUpperCase()})`
        : `the total must be at most ${MAXIMUM_AMOUNT} (minor units of ${currency.toUpperCase()})`;
    return { ok: false, problems: { items: limit } };
  }
  return { ok: true, order: { currency, lines: priced, total } };
}
