import { useStore } from '@nanostores/react';
import { isShopLocale, SHOP_LOCALES, type ShopLocale } from '@storepay/payments-core';
import { useId } from 'react';
import { i18n } from './i18n';
import { locale, setLocale } from './locale';

export const messages = i18n('languageSwitcher', { label: 'Language' });

/** Each language by its own name, so a shopper finds theirs whatever the page is in. */
const NATIVE_NAMES: Record<ShopLocale, string> = { en: 'English', de: 'Deutsch', fr: 'Français', ja: '日本語' };

/** The header's language menu: the choice is remembered, and every open tab follows it. */
export function LanguageSwitcher() {
  const t = useStore(messages);
  const current = useStore(locale);
  const id = useId();
  return (
    <div className="header-switcher">
      <label htmlFor={id}>{t.label}</label>
      <select
        id={id}
        value={current}
        onChange={(event) => {
          if (isShopLocale(event.target.value)) setLocale(event.target.value);
        }}
      >
        {SHOP_LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {NATIVE_NAMES[code]}
          </option>
        ))}
      </select>
    </div>
  );
}
