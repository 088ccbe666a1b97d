import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppRoutes } from './app/routes';
import { loadLanguage } from './i18n/i18n';
import { locale } from './i18n/locale';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing the #root element');

// The shopper's language is ready before the first render (its catalog is one small chunk), so nothing flashes in
// English first; if it cannot be loaded, the shop renders in English rather than not at all.
const language = locale.get();
document.documentElement.lang = language;
void loadLanguage(language)
  .catch(() => undefined)
  .then(() =>
    createRoot(container).render(
      <StrictMode>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </StrictMode>,
    ),
  );
