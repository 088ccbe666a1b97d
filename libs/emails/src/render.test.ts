import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { SHOP_LOCALES, type ShopLocale } from '@storepay/payments-core';
import { EMAIL_CATALOGS } from './i18n';
import { EMAIL_KINDS, type EmailKind, type EmailMessage, type EmailOrder } from './messages';
import { renderEmail } from './render';

const order: EmailOrder = {
  id: '3f2a9c1e-0000-4000-8000-000000000001',
  currency: 'usd',
  amount: 4598,
  amountRefunded: 0,
  createdAt: new Date('2026-12-01T10:00:00Z'),
  items: [
    { name: 'Canvas tote', quantity: 2, unitAmount: 1299 },
    { name: 'Enamel mug', quantity: 1, unitAmount: 2000 },
  ],
};
const orderUrl = 'https://shop.example/orders/3f2a9c1e-0000-4000-8000-000000000001';
const adminUrl = 'https://admin.example/payments/3f2a9c1e-0000-4000-8000-000000000001';
const signInUrl = 'https://shop.example/account/sign-in#token=abc_DEF-123';

function message(kind: EmailKind, locale: ShopLocale, of: EmailOrder = order): EmailMessage {
  const base = { locale, order: of };
  switch (kind) {
    case 'order_confirmation':
    case 'payment_failed':
    case 'payment_action_required':
    case 'order_expired':
      return { ...base, kind, orderUrl };
    case 'refund_issued':
      return { ...base, kind, orderUrl, refund: { amount: 1299 } };
    case 'dispute_opened':
      return {
        ...base,
        kind,
        adminUrl,
        dispute: { amount: of.amount, reason: 'fraudulent', evidenceDueBy: new Date('2026-12-20T23:59:59Z') },
      };
    case 'early_fraud_warning':
      return { ...base, kind, adminUrl, fraudType: 'unauthorized_use_of_card' };
    case 'refund_awaiting_approval':
      return { ...base, kind, adminUrl, refund: { amount: 3000, reason: 'requested_by_customer' } };
    case 'sign_in_link':
      return { kind, locale, url: signInUrl, expiresInMinutes: 15 };
  }
}

const leaves = (value: object, prefix = ''): [string, string][] =>
  Object.entries(value).flatMap(([key, child]) =>
    typeof child === 'string' ? [[`${prefix}${key}`, child]] : leaves(child as object, `${prefix}${key}.`),
  );
const variables = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((match) => match[1]).sort();

describe('email catalogs', () => {
  const english = new Map(leaves(EMAIL_CATALOGS.en));

  it.each(SHOP_LOCALES.filter((locale) => locale !== 'en'))(
    '%s has every English key, translated, with the same placeholders',
    (locale) => {
      const catalog = new Map(leaves(EMAIL_CATALOGS[locale]));
      expect([...catalog.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, text] of catalog) {
        expect(text.trim(), key).not.toBe('');
        expect(variables(text), key).toEqual(variables(english.get(key)!));
        if (english.get(key)!.length > 12) expect(text, `${locale} ${key} is untranslated`).not.toBe(english.get(key));
      }
    },
  );
});

describe('renderEmail', () => {
  const cases = SHOP_LOCALES.flatMap((locale) => EMAIL_KINDS.map((kind) => [kind, locale] as const));

  it.each(cases)('renders %s in %s: one heading, one link, inline styles, nothing external', async (kind, locale) => {
    const rendered = await renderEmail(message(kind, locale));
    const document = parse(rendered.html);
    expect(document.querySelector('html')?.getAttribute('lang')).toBe(locale);
    const headings = document.querySelectorAll('h1');
    expect(headings).toHaveLength(1);
    const heading = headings[0]!.text.trim();
    expect(heading.length).toBeGreaterThan(3);
    const links = document.querySelectorAll('a').map((link) => link.getAttribute('href'));
    expect(links).toEqual([
      kind === 'sign_in_link'
        ? signInUrl
        : kind.includes('dispute') || kind.includes('fraud') || kind.includes('approval')
          ? adminUrl
          : orderUrl,
    ]);
    // Mail clients drop <style> and scripts and block remote content: none of it may carry meaning.
    expect(document.querySelectorAll('script, style, link, img, iframe')).toHaveLength(0);
    expect(rendered.subject).not.toMatch(/{{|}}|undefined/);
    expect(rendered.text).toContain(heading);
    expect(rendered.text).not.toMatch(/{{|}}|undefined|NaN/);
    expect(rendered.html).not.toMatch(/{{|}}|undefined|NaN/);
  });

  it('sends a sign-in link that says how long it works, in the shopper’s language', async () => {
    const german = await renderEmail({ kind: 'sign_in_link', locale: 'de', url: signInUrl, expiresInMinutes: 15 });
    expect(german.subject).toBe('Ihr Anmeldelink für Storepay');
    expect(german.text).toContain('innerhalb von 15 Minuten');
    expect(german.text).toContain(signInUrl);
  });

  it('lists the order’s lines and total in the shopper’s language', async () => {
    const german = await renderEmail(message('order_confirmation', 'de'));
    expect(german.subject).toBe('Ihre Bestellung 3F2A9C1E ist bestätigt');
    expect(german.text).toContain('Canvas tote');
    // Intl puts a no-break space between the amount and the symbol.
    expect(german.text).toMatch(/25,98\s\$/);
    expect(german.text).toMatch(/45,98\s\$/);
    expect(german.text).toContain('1. Dezember 2026');
    const english = await renderEmail(message('order_confirmation', 'en'));
    expect(english.text).toContain('$45.98');
  });

  it.each(SHOP_LOCALES)(
    'confirms an authorised order (manual capture) as charged at shipping in %s',
    async (locale) => {
      const paid = await renderEmail(message('order_confirmation', locale));
      const held = await renderEmail({ ...message('order_confirmation', locale), authorized: true } as EmailMessage);
      const body = EMAIL_CATALOGS[locale].orderConfirmation;
      // The longest stretch of the sentence without a placeholder.
      const first = (text: string) =>
        text
          .split(/{{\w+}}/)
          .map((part) => part.trim())
          .sort((a, b) => b.length - a.length)[0]!;
      expect(held.text).toContain(first(body.bodyAuthorized));
      expect(held.text).not.toContain(first(body.body));
      expect(paid.text).toContain(first(body.body));
    },
  );

  it.each(SHOP_LOCALES)('writes yen without decimals in %s', async (locale) => {
    const yen = { ...order, currency: 'jpy', amount: 4500, items: [{ name: 'Tea', quantity: 3, unitAmount: 1500 }] };
    const { text, subject } = await renderEmail(message('refund_issued', locale, yen));
    expect(text).toMatch(/4[,.\s\u202f]?500/);
    expect(`${subject} ${text}`).not.toMatch(/[0-9][.,]00(?![0-9])/);
  });

  it('tells a full refund from a partial one', async () => {
    const partial = await renderEmail(message('refund_issued', 'en'));
    expect(partial.text).toContain('We have refunded $12.99 of your order’s $45.98.');
    const full = await renderEmail({ kind: 'refund_issued', locale: 'en', order, orderUrl, refund: { amount: 4598 } });
    expect(full.text).toContain('We have refunded your order in full: $45.98.');
  });

  it('gives staff the evidence deadline of a dispute', async () => {
    const { text } = await renderEmail(message('dispute_opened', 'en'));
    expect(text).toContain('Submit evidence by December 20, 2026');
  });

  it('escapes what comes from outside (product names)', async () => {
    const hostile = { ...order, items: [{ name: '<script>alert(1)</script>', quantity: 1, unitAmount: 4598 }] };
    const { html } = await renderEmail(message('order_confirmation', 'en', hostile));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('matches the reviewed confirmation (snapshot)', async () => {
    const rendered = await renderEmail(message('order_confirmation', 'ja'));
    expect({ subject: rendered.subject, text: rendered.text }).toMatchSnapshot();
    expect(rendered.html).toMatchSnapshot();
  });
});
