import { plainTextSelectors, render, toPlainText } from '@react-email/render';
import { translator } from './i18n';
import type { EmailMessage, RenderedEmail } from './messages';
import { composeEmail } from './templates/emails';

// Headings as written (html-to-text shouts them by default).
const defaultSelectors: readonly unknown[] = plainTextSelectors;
const textOptions = { selectors: [...defaultSelectors, { selector: 'h1', options: { uppercase: false } }] };

/** Renders a message in its language: the subject, the HTML (inline styles only) and its plain-text twin. */
export async function renderEmail(message: EmailMessage): Promise<RenderedEmail> {
  const { subject, element } = composeEmail(message, translator(message.locale));
  const html = await render(element);
  return { subject, html, text: toPlainText(html, textOptions) };
}
