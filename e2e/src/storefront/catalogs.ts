// The storefront's translations as the suites read them: the JSON catalogs the shop itself loads, so a test finds
// the German button by its German name without repeating the translation here.
import { readFileSync } from 'node:fs';

type Catalog = Record<string, Record<string, unknown>>;

/** `text('catalog', 'title')` in a language; throws on a message the catalog lacks. */
export function catalog(code: 'de' | 'fr' | 'ja'): (component: string, key: string) => string {
  const file = new URL(`../../../apps/storefront/src/i18n/locales/${code}.json`, import.meta.url);
  const messages = JSON.parse(readFileSync(file, 'utf8')) as Catalog;
  return (component, key) => {
    const message = messages[component]?.[key];
    if (typeof message !== 'string') throw new Error(`the ${code} catalog has no text ${component}.${key}`);
    return message;
  };
}

/** A message with its `{placeholders}` filled in. */
export function fill(message: string, values: Record<string, string>): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
