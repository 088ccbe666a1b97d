// Every language has every message: the English base messages declared in the components (collected here from every
// module that declares them) against each JSON catalog, key by key, with the same placeholders and the plural forms
// the language needs.
import { messagesToJSON, type Messages } from '@nanostores/i18n';
import { SHOP_LOCALES } from '@storepay/payments-core';
import { describe, expect, it } from 'vitest';
import { i18n, loadCatalog } from './i18n';

type Json = string | { [key: string]: Json };

const modules = import.meta.glob<Record<string, unknown>>(
  ['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}', '!../test/**', '!../main.tsx'],
  {
    eager: true,
  },
);

/** Every message group the storefront declares (an export made by this i18n). */
function declaredGroups(): Messages[] {
  const groups: Messages[] = [];
  for (const exports of Object.values(modules)) {
    for (const value of Object.values(exports)) {
      if (typeof value === 'object' && value !== null && (value as Partial<Messages>).i18n === i18n) {
        groups.push(value as Messages);
      }
    }
  }
  return groups;
}

const base = messagesToJSON(...declaredGroups()) as Record<string, Record<string, Json>>;

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

function problemsOf(code: string, catalog: Record<string, Record<string, Json>>): string[] {
  const problems: string[] = [];
  const plural = new Intl.PluralRules(code).resolvedOptions().pluralCategories as string[];
  for (const [component, messages] of Object.entries(base)) {
    for (const [key, english] of Object.entries(messages)) {
      const where = `${component}.${key}`;
      const translated = catalog[component]?.[key];
      if (translated === undefined) {
        problems.push(`${where} is missing`);
      } else if (typeof english === 'string') {
        if (typeof translated !== 'string' || translated.trim() === '') problems.push(`${where} is not a text`);
        else if (placeholders(translated).join() !== placeholders(english).join()) {
          problems.push(`${where} has placeholders {${placeholders(translated).join('}, {')}}`);
        }
      } else if (typeof translated === 'string') {
        problems.push(`${where} needs its plural forms`);
      } else {
        // Plurals: "other", and "one" where the language has it; no form the language does not use.
        const forms = Object.keys(translated);
        for (const form of ['other', ...(plural.includes('one') ? ['one'] : [])]) {
          if (!forms.includes(form)) problems.push(`${where} lacks the "${form}" form`);
        }
        for (const form of forms) if (!plural.includes(form)) problems.push(`${where} has a "${form}" form`);
        // Each form has the English "other" form's placeholders ({count} may be written out, as in "one item").
        const expected = placeholders(String((english as Record<string, string>).other ?? '')).filter(
          (name) => name !== 'count',
        );
        for (const [form, text] of Object.entries(translated)) {
          const found = placeholders(String(text)).filter((name) => name !== 'count');
          if (found.join() !== expected.join()) {
            problems.push(`${where}.${form} has placeholders {${found.join('}, {')}}`);
          }
        }
      }
    }
  }
  for (const [component, messages] of Object.entries(catalog)) {
    for (const key of Object.keys(messages)) {
      if (base[component]?.[key] === undefined) problems.push(`${component}.${key} is not a message any more`);
    }
  }
  return problems;
}

describe('translations', () => {
  it('collects the base messages of every component', () => {
    expect(Object.keys(base)).toEqual(expect.arrayContaining(['layout', 'catalog', 'cart', 'checkout', 'payment']));
    expect(base.paymentErrors?.insufficientFunds).toBe(
      'Your card has insufficient funds. Try another card or payment method.',
    );
  });

  it.each(SHOP_LOCALES.filter((code) => code !== 'en'))('has every message in %s, nothing more', async (code) => {
    const catalog = (await loadCatalog(code)) as Record<string, Record<string, Json>>;
    expect(Object.keys(catalog).length).toBeGreaterThan(0);
    expect(problemsOf(code, catalog)).toEqual([]);
  });

  // WCAG's "label in name": where a control shows a short text and is named by a longer one, the name contains it.
  it.each(SHOP_LOCALES.filter((code) => code !== 'en'))(
    'names each control with its visible words in %s',
    async (code) => {
      const catalog = (await loadCatalog(code)) as Record<string, Record<string, string>>;
      const pairs = [
        ['addToCart', 'add', 'addToCart', 'addShort'],
        ['quantity', 'labelOf', 'quantity', 'label'],
        ['cart', 'removeProduct', 'cart', 'remove'],
        ['cart', 'removeUnavailable', 'cart', 'remove'],
      ] as const;
      for (const [nameGroup, nameKey, labelGroup, labelKey] of pairs) {
        const name = catalog[nameGroup]![nameKey]!.toLocaleLowerCase(code);
        expect(name, `${nameGroup}.${nameKey}`).toContain(catalog[labelGroup]![labelKey]!.toLocaleLowerCase(code));
      }
    },
  );

  it('finds a missing message, a lost placeholder and a missing plural form', () => {
    const broken = structuredClone<Record<string, Record<string, Json>>>(base);
    delete broken.cart!.title;
    broken.cartLink!.label = 'Warenkorb';
    broken.cart!.items = { other: '{count} Artikel' };
    broken.cart!.excluded = { one: '{count} Artikel in {currency}', other: '{count} Artikel' };
    const problems = problemsOf('de', broken);
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining([
        'cart.title is missing',
        'cartLink.label has placeholders {}',
        'cart.items lacks the "one" form',
        'cart.excluded.other has placeholders {}',
      ]),
    );
  });
});
