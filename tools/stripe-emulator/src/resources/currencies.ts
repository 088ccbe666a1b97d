import { stripeErrors } from '../wire/errors';
import { requiredStr, type Params } from '../wire/params';

/** The currencies Stripe accepts for card payments. */
const CURRENCIES = new Set(
  (
    'usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl bsd bwp byn bzd cad cdf chf ' +
    'clp cny cop crc cve czk djf dkk dop dzd egp etb eur fjd fkp gbp gel gip gmd gnf gtq gyd hkd hnl htg huf idr ils ' +
    'inr isk jmd jod jpy kes kgs khr kmf krw kwd kyd kzt lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt mop mur mvr mwk ' +
    'mxn myr mzn nad ngn nio nok npr nzd omr pab pen pgk php pkr pln pyg qar ron rsd rub rwf sar sbd scr sek sgd shp ' +
    'sle sos srd std szl thb tjs tnd top try ttd twd tzs uah ugx uyu uzs vnd vuv wst xaf xcd xof xpf yer zar zmw'
  ).split(' '),
);

/** Amounts in these currencies are whole units (¥500 is `500`). */
export const ZERO_DECIMAL_CURRENCIES = new Set(
  'bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf'.split(' '),
);
const THREE_DECIMAL_CURRENCIES = new Set('bhd jod kwd omr tnd'.split(' '));

/** Stripe's minimum charge amounts, in the smallest unit (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts). */
const MINIMUM_AMOUNTS: Record<string, number> = {
  usd: 50,
  aed: 200,
  aud: 50,
  bgn: 100,
  brl: 50,
  cad: 50,
  chf: 50,
  czk: 1500,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  huf: 17500,
  inr: 50,
  jpy: 50,
  mxn: 1000,
  myr: 200,
  nok: 300,
  nzd: 50,
  pln: 200,
  ron: 200,
  sek: 300,
  sgd: 50,
  thb: 1000,
};
const MAXIMUM_AMOUNT = 99_999_999;

const SYMBOLS: Record<string, string> = { usd: '$', eur: '€', gbp: '£', jpy: '¥', inr: '₹', krw: '₩', cny: '¥' };

/** `5000, 'usd'` → `$50.00`; `50, 'jpy'` → `¥50`; currencies without a symbol: `2.00 AED`. */
export function formatAmount(amount: number, currency: string): string {
  const decimals = ZERO_DECIMAL_CURRENCIES.has(currency) ? 0 : THREE_DECIMAL_CURRENCIES.has(currency) ? 3 : 2;
  const major = (amount / 10 ** decimals).toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  const symbol = SYMBOLS[currency];
  return symbol ? `${symbol}${major}` : `${major} ${currency.toUpperCase()}`;
}

export function parseCurrency(params: Params, name = 'currency'): string {
  const currency = requiredStr(params, name).toLowerCase();
  if (!CURRENCIES.has(currency)) {
    throw stripeErrors.invalidParam(
      name,
      `Invalid currency: ${currency}. Stripe currently supports these currencies: ${[...CURRENCIES].join(', ')}`,
    );
  }
  return currency;
}

/** Stripe's amount rules: a positive integer, at least the currency's minimum, at most 99999999. */
export function validateAmount(amount: number, currency: string, param = 'amount'): void {
  if (amount < 1) throw stripeErrors.invalidParam(param, 'Invalid positive integer', 'parameter_invalid_integer');
  const minimum = MINIMUM_AMOUNTS[currency] ?? 1;
  if (amount < minimum) {
    throw stripeErrors.invalidRequest(
      `Amount must be at least ${formatAmount(minimum, currency)} ${currency}`,
      'amount_too_small',
      { param },
    );
  }
  if (amount > MAXIMUM_AMOUNT) {
    throw stripeErrors.invalidRequest(
      `Amount must be no more than ${formatAmount(MAXIMUM_AMOUNT, currency)}`,
      'amount_too_large',
      { param },
    );
  }
  if (THREE_DECIMAL_CURRENCIES.has(currency) && amount % 10 !== 0) {
    throw stripeErrors.invalidParam(
      param,
      `Amounts in ${currency} must be a multiple of 10: Stripe rounds three-decimal currencies to two decimals.`,
    );
  }
}
