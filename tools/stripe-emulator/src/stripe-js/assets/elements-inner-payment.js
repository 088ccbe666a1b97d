/* global window, document, location, ResizeObserver, Option */
// The Payment Element's frame, served from the emulator's origin: a card form and, when the intent takes it, a SEPA
// Debit form (name, email, IBAN and the mandate the customer accepts). What is typed here is sent only to the
// emulator (POST /v1/payment_methods, same origin); the merchant page receives validation results and the
// PaymentMethod id through postMessage, never the card number, expiry, CVC or IBAN.
import {
  brandOf,
  checkCvc,
  checkExpiry,
  checkNumber,
  checkPostalCode,
  digitsOf,
  formatCvc,
  formatExpiry,
  formatNumber,
} from './card.js';
import { checkIban, compactIban, formatIban } from './iban.js';
import { COUNTRIES, countryName, resolveLocale, translations } from './locales.js';

const hash = new URLSearchParams(location.hash.slice(1));
const channel = hash.get('channel');
const parentOrigin = hash.get('origin');

const byId = (id) => document.getElementById(id);
const CARD_FIELDS = ['number', 'expiry', 'cvc', 'postal'];
const SEPA_FIELDS = ['name', 'email', 'iban'];
const FIELDS = [...CARD_FIELDS, ...SEPA_FIELDS];
const inputs = Object.fromEntries(FIELDS.map((field) => [field, byId(field)]));
const countrySelect = byId('country');
/** The tabs: the payment method types this frame can collect, and their tab and panel. */
const METHODS = {
  card: { tab: byId('tab'), panel: byId('card-panel') },
  sepa_debit: { tab: byId('sepa-tab'), panel: byId('sepa-panel') },
};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const state = {
  key: null,
  locale: 'en',
  text: translations('en'),
  options: {},
  /** Stripe picks the country from the customer's IP address; the emulator defaults to the US. */
  defaultCountry: 'US',
  hidePostal: false,
  hideCountry: false,
  hideName: false,
  hideEmail: false,
  /** The intent's payment method types this frame offers, in order, and the one whose tab is open. */
  methods: ['card'],
  method: 'card',
  /** Named in the SEPA mandate (the Payment Element's `business.name` option). */
  businessName: null,
  /** Fields whose incomplete/empty error is on screen (after blur or submit). */
  shown: new Set(),
  /** With a CustomerSession: the Customer's cards shown again, the one chosen (null: a new card), and saving. */
  saved: [],
  selected: null,
  canSave: false,
  saveUsage: 'off_session',
};

const BRAND_NAMES = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover' };

/** A saved card as the customer reads it: "Visa •••• 4242, expires 12/34". */
function describeCard(card) {
  const month = String(card.exp_month).padStart(2, '0');
  const year = String(card.exp_year % 100).padStart(2, '0');
  return `${BRAND_NAMES[card.brand] ?? card.brand} •••• ${card.last4}, ${state.text.expires} ${month}/${year}`;
}

/** The saved cards as radio buttons, and "Use a new card"; the card fields only for a new card. */
function renderSaved() {
  const fieldset = byId('saved');
  fieldset.hidden = state.saved.length === 0;
  const options = [
    ...state.saved.map((card) => ({ value: card.id, label: describeCard(card) })),
    { value: '', label: state.text.newCard },
  ];
  byId('saved-list').replaceChildren(
    ...options.map(({ value, label }) => {
      const row = document.createElement('label');
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = 'saved-card';
      radio.value = value;
      radio.checked = (state.selected ?? '') === value;
      radio.addEventListener('change', () => {
        state.selected = radio.value || null;
        if (state.selected) selectMethod('card');
        showCardFields();
        emitChange();
      });
      const text = document.createElement('span');
      text.textContent = label;
      row.append(radio, text);
      return row;
    }),
  );
  showCardFields();
}

function showCardFields() {
  const newCard = state.selected === null;
  byId('tabs').hidden = !newCard;
  byId('number-field').hidden = !newCard;
  byId('card-row').hidden = !newCard;
  byId('address-row').hidden = !newCard || (state.hideCountry && state.hidePostal);
  byId('save-field').hidden = !newCard || !state.canSave;
}

/** Opens a method's tab (the others' panels are hidden); `focus` when the customer moved there by keyboard. */
function selectMethod(method, focus = false) {
  if (!state.methods.includes(method)) return;
  state.method = method;
  for (const [type, { tab, panel }] of Object.entries(METHODS)) {
    const open = type === method;
    tab.setAttribute('aria-selected', String(open));
    tab.tabIndex = open ? 0 : -1;
    panel.hidden = !open;
  }
  if (focus) METHODS[method].tab.focus();
  emitChange();
}

/** The tabs of the methods the intent takes (`payment_method_types`); cards alone when none is known. */
function applyMethods(types) {
  const offered = (Array.isArray(types) ? types : []).filter((type) => type in METHODS);
  state.methods = offered.length > 0 ? offered : ['card'];
  for (const [type, { tab }] of Object.entries(METHODS)) tab.hidden = !state.methods.includes(type);
  selectMethod(state.methods.includes(state.method) ? state.method : state.methods[0]);
}

for (const [type, { tab }] of Object.entries(METHODS)) {
  tab.addEventListener('click', () => selectMethod(type));
  // The ARIA tabs pattern: arrow keys move between the tabs, and open the one they reach.
  tab.addEventListener('keydown', (event) => {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    event.preventDefault();
    const index = state.methods.indexOf(type);
    const last = state.methods.length - 1;
    const next =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? last
          : (index + (event.key === 'ArrowRight' ? 1 : -1) + last + 1) % (last + 1);
    selectMethod(state.methods[next], true);
  });
}

/** The Customer's saved cards and what the session allows, from the emulator (as Stripe.js asks Stripe). */
async function loadCustomerSession(clientSecret) {
  try {
    const response = await fetch(`./customer-session?client_secret=${encodeURIComponent(clientSecret)}`, {
      headers: { authorization: `Bearer ${state.key}` },
    });
    if (!response.ok) return;
    const session = await response.json();
    state.saved = session.paymentMethods ?? [];
    state.canSave = Boolean(session.save);
    state.selected = state.saved[0]?.id ?? null;
  } catch {
    // Without the session the element still takes a new card.
  }
}

function post(type, data = {}) {
  if (window.parent === window || !parentOrigin) return;
  window.parent.postMessage({ __stripeEmulator: true, channel, type, ...data }, parentOrigin);
}

// ---- validation --------------------------------------------------------------------------------------------

function check(field, final) {
  const number = inputs.number.value;
  switch (field) {
    case 'number':
      return checkNumber(number, final);
    case 'expiry':
      return checkExpiry(inputs.expiry.value);
    case 'cvc':
      return checkCvc(inputs.cvc.value, number);
    case 'postal':
      return checkPostalCode(inputs.postal.value, countrySelect.value);
    case 'iban':
      return checkIban(inputs.iban.value);
    case 'name': {
      // Stripe needs the account holder's name, 3 to 100 characters, to debit the account.
      const name = inputs.name.value.trim();
      if (name === '') return { state: 'empty', code: 'incomplete_name' };
      return name.length < 3 ? { state: 'incomplete', code: 'incomplete_name' } : { state: 'complete', code: null };
    }
    default: {
      const email = inputs.email.value.trim();
      if (email === '') return { state: 'empty', code: 'incomplete_email' };
      if (EMAIL.test(email)) return { state: 'complete', code: null };
      return final ? { state: 'invalid', code: 'invalid_email' } : { state: 'incomplete', code: 'incomplete_email' };
    }
  }
}

function visibleFields() {
  if (state.method === 'sepa_debit') {
    return SEPA_FIELDS.filter(
      (field) => !(field === 'name' && state.hideName) && !(field === 'email' && state.hideEmail),
    );
  }
  return CARD_FIELDS.filter((field) => field !== 'postal' || !state.hidePostal);
}

function render(field, final = false) {
  const result = check(field, final);
  const error = byId(`${field}-error`);
  const visible = result.state === 'invalid' || (result.state !== 'complete' && state.shown.has(field));
  error.textContent = visible ? state.text.errors[result.code] : '';
  inputs[field].setAttribute('aria-invalid', String(visible));
  return result;
}

function emitChange() {
  if (state.selected && state.method === 'card') {
    post('change', {
      event: { elementType: 'payment', empty: false, complete: true, collapsed: false, value: { type: 'card' } },
    });
    return;
  }
  const fields = visibleFields();
  post('change', {
    event: {
      elementType: 'payment',
      empty: fields.every((field) => check(field, false).state === 'empty'),
      complete: fields.every((field) => check(field, true).state === 'complete'),
      collapsed: false,
      value: { type: state.method },
    },
  });
}

/** Shows every error (as on submit) and focuses the first bad field; answers Stripe.js's validation error. */
function validateAll() {
  if (state.selected && state.method === 'card') return null;
  let firstError = null;
  for (const field of visibleFields()) {
    state.shown.add(field);
    const result = render(field, true);
    if (result.state !== 'complete' && !firstError) firstError = { field, code: result.code };
  }
  if (!firstError) return null;
  inputs[firstError.field].focus();
  return { type: 'validation_error', code: firstError.code, message: state.text.errors[firstError.code] };
}

// ---- input handling ----------------------------------------------------------------------------------------

/** Re-formats a field and keeps the caret after the same number of significant characters (digits, by default). */
function reformat(input, format, significant = /\d/) {
  const before = input.value;
  const caret = input.selectionStart ?? before.length;
  const digitsBeforeCaret = [...before.slice(0, caret)].filter((char) => significant.test(char)).length;
  const after = format(before);
  if (after === before) return;
  input.value = after;
  if (document.activeElement !== input) return;
  let position = after.length;
  if (caret < before.length) {
    let seen = 0;
    position = 0;
    while (position < after.length && seen < digitsBeforeCaret) {
      if (significant.test(after[position])) seen++;
      position++;
    }
  }
  input.setSelectionRange(position, position);
}

function onInput(field, event) {
  const input = inputs[field];
  if (field === 'number') {
    reformat(input, formatNumber);
    const brand = brandOf(input.value).brand;
    byId('brand').textContent = brand === 'unknown' ? '' : brand;
    if (inputs.cvc.value) inputs.cvc.value = formatCvc(inputs.cvc.value, input.value);
  } else if (field === 'expiry') {
    reformat(input, (value) => formatExpiry(value, event.inputType?.startsWith('delete')));
  } else if (field === 'cvc') {
    reformat(input, (value) => formatCvc(value, inputs.number.value));
  } else if (field === 'iban') {
    reformat(input, formatIban, /[A-Za-z0-9]/);
  }
  state.shown.delete(field);
  const result = render(field);
  emitChange();
  // Like Stripe's fields: a complete number or expiry moves on to the next field.
  if (result.state === 'complete' && (field === 'number' || field === 'expiry') && event.inputType !== undefined) {
    const next = inputs[CARD_FIELDS[CARD_FIELDS.indexOf(field) + 1]];
    if (next && !next.value) next.focus();
  }
}

for (const field of FIELDS) {
  inputs[field].addEventListener('input', (event) => onInput(field, event));
  inputs[field].addEventListener('blur', () => {
    if (inputs[field].value) state.shown.add(field);
    render(field, true);
  });
}

countrySelect.addEventListener('change', () => {
  applyPostalLabel();
  if (inputs.postal.value) render('postal', true);
  emitChange();
});

// Focus entering or leaving the frame as a whole is the Element's focus/blur.
document.addEventListener('focusin', (event) => {
  if (!event.relatedTarget) post('focus', { event: { elementType: 'payment' } });
});
document.addEventListener('focusout', (event) => {
  if (!event.relatedTarget) post('blur', { event: { elementType: 'payment' } });
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') post('escape', { event: { elementType: 'payment' } });
});
byId('form').addEventListener('submit', (event) => event.preventDefault());

// ---- options, locale and appearance ------------------------------------------------------------------------

function applyPostalLabel() {
  byId('postal-label').textContent = countrySelect.value === 'US' ? state.text.zip : state.text.postalCode;
  inputs.postal.placeholder = countrySelect.value === 'US' ? '12345' : '';
}

/** The mandate the customer accepts by paying with SEPA Debit, naming the business (Stripe's wording). */
function applyMandate() {
  byId('mandate').textContent = state.text.mandate.replace('{business}', state.businessName ?? state.text.business);
}

function applyText() {
  const { text } = state;
  document.documentElement.lang = state.locale;
  byId('tabs').setAttribute('aria-label', text.paymentMethod);
  byId('tab').textContent = text.tab;
  byId('sepa-tab').textContent = text.sepaTab;
  byId('name-label').textContent = text.name;
  byId('email-label').textContent = text.email;
  byId('iban-label').textContent = text.iban;
  applyMandate();
  byId('number-label').textContent = text.number;
  byId('expiry-label').textContent = text.expiry;
  inputs.expiry.placeholder = text.expiryPlaceholder;
  byId('cvc-label').textContent = text.cvc;
  inputs.cvc.placeholder = text.cvcPlaceholder;
  byId('country-label').textContent = text.country;
  const selected = countrySelect.value || state.defaultCountry;
  countrySelect.replaceChildren(
    ...COUNTRIES.map((code) => new Option(countryName(code, state.locale), code))
      .sort((a, b) => a.text.localeCompare(b.text, state.locale))
      .map((option) => Object.assign(option, { selected: option.value === selected })),
  );
  applyPostalLabel();
  byId('saved-legend').textContent = text.savedCards;
  byId('save-label').textContent = text.saveCard;
  if (state.saved.length > 0) renderSaved();
  for (const field of FIELDS) render(field, state.shown.has(field));
}

const CSS_VARIABLES = {
  colorPrimary: '--primary',
  colorBackground: '--bg',
  colorText: '--text',
  colorTextSecondary: '--muted',
  colorDanger: '--danger',
  fontFamily: '--font',
  fontSizeBase: '--font-size',
  borderRadius: '--radius',
};

function applyAppearance(appearance = {}) {
  document.body.classList.toggle('theme-night', appearance.theme === 'night');
  document.body.classList.toggle('theme-flat', appearance.theme === 'flat');
  for (const [name, property] of Object.entries(CSS_VARIABLES)) {
    const value = appearance.variables?.[name];
    if (typeof value === 'string') document.documentElement.style.setProperty(property, value);
  }
}

/**
 * Payment Element options: `readOnly`, `defaultValues.billingDetails` (address, name, email), `fields.billingDetails`
 * and `business.name`.
 */
function applyOptions(options = {}) {
  state.options = { ...state.options, ...options };
  const { readOnly, defaultValues, fields, business } = state.options;
  for (const input of [...Object.values(inputs), countrySelect]) input.disabled = Boolean(readOnly);
  for (const field of ['name', 'email']) {
    const value = defaultValues?.billingDetails?.[field];
    if (typeof value === 'string' && !inputs[field].value) inputs[field].value = value;
  }
  state.businessName = typeof business?.name === 'string' && business.name.trim() ? business.name.trim() : null;
  applyMandate();
  const address = defaultValues?.billingDetails?.address;
  if (address?.country && COUNTRIES.includes(address.country)) {
    state.defaultCountry = address.country;
    countrySelect.value = address.country;
  }
  if (address?.postal_code && !inputs.postal.value) inputs.postal.value = address.postal_code;
  const billing = fields?.billingDetails;
  const addressFields = billing === 'never' ? 'never' : billing?.address;
  state.hideCountry = addressFields === 'never' || addressFields?.country === 'never';
  state.hidePostal = addressFields === 'never' || addressFields?.postalCode === 'never';
  state.hideName = billing === 'never' || billing?.name === 'never';
  state.hideEmail = billing === 'never' || billing?.email === 'never';
  byId('country-field').hidden = state.hideCountry;
  byId('postal-field').hidden = state.hidePostal;
  byId('name-field').hidden = state.hideName;
  byId('email-field').hidden = state.hideEmail;
  showCardFields();
  applyPostalLabel();
}

function setLocale(locale) {
  state.locale = resolveLocale(locale, navigator.language);
  state.text = translations(state.locale);
  applyText();
}

// ---- creating the PaymentMethod (the only place card data leaves this frame) -------------------------------

function encodeForm(value, prefix = '', pairs = []) {
  if (value === undefined || value === null) return pairs;
  if (typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) encodeForm(inner, prefix ? `${prefix}[${key}]` : key, pairs);
  } else {
    pairs.push(`${encodeURIComponent(prefix)}=${encodeURIComponent(String(value))}`);
  }
  return pairs;
}

/** POST /v1/payment_methods with the publishable key: `{paymentMethod}` or `{error}` (Stripe's error object). */
async function postPaymentMethod(body) {
  try {
    const response = await fetch('/v1/payment_methods', {
      method: 'POST',
      headers: { authorization: `Bearer ${state.key}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: encodeForm(body).join('&'),
    });
    const json = await response.json();
    if (!response.ok || json.error)
      return { error: json.error ?? { type: 'api_error', message: `HTTP ${response.status}` } };
    return { paymentMethod: json };
  } catch (cause) {
    return { error: { type: 'api_connection_error', message: `Could not reach the Stripe emulator: ${cause}` } };
  }
}

/** Shows an error the API returned under the field it is about, as Stripe's Element does. */
function showApiError(field, message) {
  byId(`${field}-error`).textContent = message;
  inputs[field].setAttribute('aria-invalid', 'true');
}

/**
 * A SEPA Debit PaymentMethod from the name, email and IBAN typed here (or the merchant's billing details for the
 * fields it hides). `mandate`: Stripe.js confirms it with the customer's online acceptance of the mandate shown.
 */
async function createSepaDebit(billingDetails, metadata) {
  const typed = {
    ...(state.hideName ? {} : { name: inputs.name.value.trim() }),
    ...(state.hideEmail ? {} : { email: inputs.email.value.trim() }),
  };
  const created = await postPaymentMethod({
    type: 'sepa_debit',
    sepa_debit: { iban: compactIban(inputs.iban.value) },
    billing_details: { ...billingDetails, ...typed },
    metadata,
  });
  if (created.error) {
    if (/iban/.test(created.error.code ?? '')) showApiError('iban', created.error.message);
    return created;
  }
  return { ...created, mandate: true };
}

async function createPaymentMethod({ billingDetails = {}, metadata } = {}) {
  const error = validateAll();
  if (error) return { error };
  if (state.method === 'sepa_debit') return createSepaDebit(billingDetails, metadata);
  // A saved card: nothing to type, nothing to send from here.
  if (state.selected) return { paymentMethod: { id: state.selected } };
  const save = state.canSave && byId('save').checked;
  const expiry = checkExpiry(inputs.expiry.value);
  const collected = {
    ...(state.hideCountry ? {} : { country: countrySelect.value }),
    ...(state.hidePostal ? {} : { postal_code: inputs.postal.value.trim() }),
  };
  const body = {
    type: 'card',
    card: {
      number: digitsOf(inputs.number.value),
      exp_month: expiry.month,
      exp_year: expiry.year,
      cvc: digitsOf(inputs.cvc.value),
    },
    billing_details: { ...billingDetails, address: { ...(billingDetails.address ?? {}), ...collected } },
    metadata,
    // Saved with the customer's consent: shown to them again next time.
    ...(save ? { allow_redisplay: 'always' } : {}),
  };
  const created = await postPaymentMethod(body);
  if (created.error) {
    // A card the API rejects (e.g. incorrect_number) is shown under the number.
    if (created.error.type === 'card_error' && /number/.test(created.error.code ?? '')) {
      showApiError('number', created.error.message);
    }
    return created;
  }
  return save ? { ...created, setupFutureUsage: state.saveUsage } : created;
}

// ---- messages from Stripe.js in the merchant page ----------------------------------------------------------

const handlers = {
  async init({ key, locale, appearance, options, customerSessionClientSecret, paymentMethodTypes }) {
    state.key = key;
    applyAppearance(appearance);
    applyOptions(options);
    setLocale(locale);
    applyMethods(paymentMethodTypes);
    if (customerSessionClientSecret) await loadCustomerSession(customerSessionClientSecret);
    renderSaved();
    post('ready', { event: { elementType: 'payment' } });
    emitChange();
  },
  update({ locale, appearance, options }) {
    if (appearance) applyAppearance(appearance);
    if (options) applyOptions(options);
    if (locale) setLocale(locale);
  },
  validate: () => ({ error: validateAll(), selectedPaymentMethod: state.method }),
  createPaymentMethod: (payload) => createPaymentMethod(payload),
  focus() {
    if (state.selected && state.method === 'card') {
      return document.querySelector('input[name="saved-card"]:checked')?.focus();
    }
    const fields = visibleFields().map((field) => inputs[field]);
    (fields.find((input) => !input.value) ?? fields[0]).focus();
  },
  blur() {
    document.activeElement?.blur();
  },
  clear() {
    for (const input of Object.values(inputs)) input.value = '';
    state.shown.clear();
    byId('brand').textContent = '';
    for (const field of FIELDS) render(field);
    emitChange();
  },
};

window.addEventListener('message', async (event) => {
  if (event.source !== window.parent || event.origin !== parentOrigin) return;
  const message = event.data;
  if (!message?.__stripeEmulator || message.channel !== channel || !(message.type in handlers)) return;
  const result = await handlers[message.type](message.payload ?? {});
  if (message.requestId) post('response', { requestId: message.requestId, result: result ?? null });
});

new ResizeObserver(() => post('resize', { height: document.documentElement.scrollHeight })).observe(document.body);
post('frame-ready');
