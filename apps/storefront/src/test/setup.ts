import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { forgetShopperSession } from '../account/session';
import { browserLocale, chosenLocale } from '../i18n/locale';
import { signInShopper } from './fixtures';

// `findBy…` waits up to 5 s, not 1: on a busy CI machine (two cores, other suites running) a lazily loaded page can
// take longer than a second to appear. A wait that passes does not wait longer.
configure({ asyncUtilTimeout: 5_000 });

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  // Each test starts in English, as the test browser's languages are (before the storage the choice lives in goes).
  if (chosenLocale.get() !== undefined) chosenLocale.set(undefined);
  browserLocale.set('en');
  forgetShopperSession();
  signInShopper(null);
  window.localStorage.clear();
});
