export { renderEmail } from './render';
export { EMAIL_CATALOGS } from './i18n';
export { formatAmount, orderRef } from './format';
export { EMAIL_KINDS, type EmailKind, type EmailMessage, type EmailOrder, type RenderedEmail } from './messages';
export type { EmailCatalog } from './locales/en';
