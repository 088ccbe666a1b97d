/* global window, document, location */
// Stripe.js stand-in served by the Stripe emulator at /js.stripe.com/v3/. It defines `window.Stripe` the way
// @stripe/stripe-js and @stripe/react-stripe-js expect, renders the Payment Element in an iframe served by the
// emulator, and talks to the emulator's /v1 API (the origin this script was loaded from) with the publishable key.
// What is and is not emulated: tools/stripe-emulator/README.md.
(function () {
  'use strict';

  const script =
    document.currentScript ?? [...document.scripts].find((candidate) => /\/js\.stripe\.com\/v3/.test(candidate.src));
  /** The emulator: API calls, the Payment Element frame and the 3DS challenge all come from here. */
  const ORIGIN = new URL(script ? script.src : '/', location.href).origin;
  const FRAME_URL = `${ORIGIN}/js.stripe.com/v3/elements-inner-payment.html`;
  const MESSAGE_FLAG = '__stripeEmulator';

  let nextId = 0;
  const uniqueId = (prefix) => `${prefix}${++nextId}${Math.random().toString(36).slice(2, 8)}`;

  class IntegrationError extends Error {
    constructor(message) {
      super(message);
      this.name = 'IntegrationError';
    }
  }

  /** A method real Stripe.js has but this stand-in does not: fails loudly instead of pretending. */
  const notEmulated = (name) => () => {
    throw new IntegrationError(`stripe.${name}() is not emulated by the Stripe emulator's Stripe.js.`);
  };

  // ---- the /v1 API -------------------------------------------------------------------------------------------

  function encodeForm(value, prefix = '', pairs = []) {
    if (value === undefined || value === null) return pairs;
    if (Array.isArray(value)) {
      value.forEach((inner) => encodeForm(inner, `${prefix}[]`, pairs));
    } else if (typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) encodeForm(inner, prefix ? `${prefix}[${key}]` : key, pairs);
    } else {
      pairs.push(`${encodeURIComponent(prefix)}=${encodeURIComponent(String(value))}`);
    }
    return pairs;
  }

  /** Resolves `{body}` or `{error}` (Stripe's error object); never rejects. */
  async function callApi(key, method, path, params) {
    const query = method === 'GET' && params ? `?${encodeForm(params).join('&')}` : '';
    try {
      const response = await fetch(`${ORIGIN}${path}${query}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: method === 'POST' ? encodeForm(params ?? {}).join('&') : undefined,
      });
      const json = await response.json().catch(() => ({}));
      if (!response.ok || json.error) {
        return { error: json.error ?? { type: 'api_error', message: `Unexpected HTTP ${response.status}` } };
      }
      return { body: json };
    } catch (cause) {
      return {
        error: { type: 'api_connection_error', message: `Could not reach the Stripe emulator at ${ORIGIN}: ${cause}` },
      };
    }
  }

  // ---- intents: payment intents and setup intents share the flow ---------------------------------------------

  const INTENT_KINDS = {
    payment_intent: { path: '/v1/payment_intents', result: 'paymentIntent', errorKey: 'last_payment_error' },
    setup_intent: { path: '/v1/setup_intents', result: 'setupIntent', errorKey: 'last_setup_error' },
  };

  function parseClientSecret(clientSecret, expectedKind) {
    if (typeof clientSecret !== 'string') {
      throw new IntegrationError(`Invalid value for clientSecret: expected a string, got ${typeof clientSecret}.`);
    }
    const match = /^((pi|seti)_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/.exec(clientSecret);
    const kind = match && (match[2] === 'pi' ? 'payment_intent' : 'setup_intent');
    if (!match || (expectedKind && kind !== expectedKind)) {
      throw new IntegrationError(
        `Invalid value for clientSecret: "${clientSecret}" is not a ${expectedKind ?? 'PaymentIntent or SetupIntent'} client secret.`,
      );
    }
    return { id: match[1], kind };
  }

  const SUCCESS_STATUSES = ['succeeded', 'processing', 'requires_capture'];

  function redirectTo(returnUrl, kind, intent, clientSecret) {
    const url = new URL(returnUrl, location.href);
    url.searchParams.set(kind, intent.id);
    url.searchParams.set(`${kind}_client_secret`, clientSecret);
    const status =
      intent.status === 'processing' ? 'processing' : SUCCESS_STATUSES.includes(intent.status) ? 'succeeded' : 'failed';
    url.searchParams.set('redirect_status', status);
    location.assign(url.toString());
    // Like Stripe.js, the promise never settles: the page is going away.
    return new Promise(() => {});
  }

  // ---- the 3DS challenge modal -------------------------------------------------------------------------------

  /** Shows the emulator's challenge page in a modal iframe; resolves when the customer pressed Complete or Fail. */
  function showChallenge(url) {
    return new Promise((resolve) => {
      const overlay = document.createElement('div');
      overlay.setAttribute('role', 'dialog');
      overlay.setAttribute('aria-modal', 'true');
      overlay.setAttribute('aria-label', '3D Secure authentication');
      Object.assign(overlay.style, {
        position: 'fixed',
        inset: '0',
        zIndex: '2147483647',
        background: 'rgba(0, 0, 0, 0.45)',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
      });
      const frame = document.createElement('iframe');
      frame.name = uniqueId('__privateStripeFrame3ds');
      frame.title = '3D Secure authentication';
      frame.src = url;
      Object.assign(frame.style, {
        width: 'min(420px, 94vw)',
        height: 'min(460px, 90vh)',
        border: '0',
        borderRadius: '8px',
        background: '#fff',
        boxShadow: '0 10px 40px rgba(0, 0, 0, 0.3)',
      });
      const onMessage = (event) => {
        if (event.origin !== ORIGIN || event.source !== frame.contentWindow) return;
        if (!event.data || !event.data[MESSAGE_FLAG] || event.data.type !== '3ds-result') return;
        window.removeEventListener('message', onMessage);
        overlay.remove();
        resolve(event.data.outcome);
      };
      window.addEventListener('message', onMessage);
      overlay.appendChild(frame);
      document.body.appendChild(overlay);
    });
  }

  // ---- Elements ----------------------------------------------------------------------------------------------

  class Emitter {
    constructor() {
      this._listeners = new Map();
    }
    on(type, handler) {
      if (!this._listeners.has(type)) this._listeners.set(type, new Set());
      this._listeners.get(type).add(handler);
      return this;
    }
    once(type, handler) {
      const wrapped = (...args) => {
        this.off(type, wrapped);
        handler(...args);
      };
      return this.on(type, wrapped);
    }
    off(type, handler) {
      if (handler) this._listeners.get(type)?.delete(handler);
      else this._listeners.delete(type);
      return this;
    }
    _emit(type, ...args) {
      for (const handler of [...(this._listeners.get(type) ?? [])]) {
        try {
          handler(...args);
        } catch (error) {
          console.error(error);
        }
      }
    }
  }

  /**
   * The Payment Element, in an iframe on the emulator: a card (number, expiry, CVC, country, postal code) and, for an
   * intent that takes it, SEPA Debit (name, email, IBAN, the mandate) in tabs.
   */
  class PaymentElement extends Emitter {
    constructor(elements, options) {
      super();
      this._elements = elements;
      this._options = { ...(options ?? {}) };
      this._frame = null;
      this._channel = uniqueId('payment');
      this._pending = new Map();
      this._ready = null;
      this._destroyed = false;
      this._onMessage = (event) => this._receive(event);
    }

    mount(target) {
      this._assertAlive();
      const node = typeof target === 'string' ? document.querySelector(target) : target;
      if (!node || typeof node.appendChild !== 'function') {
        throw new IntegrationError(`Invalid DOM element or selector passed to element.mount(): ${String(target)}`);
      }
      if (this._frame) this.unmount();
      let markReady;
      this._ready = new Promise((resolve) => (markReady = resolve));
      this._markReady = markReady;
      const frame = document.createElement('iframe');
      frame.name = uniqueId('__privateStripeFrame');
      frame.title = 'Secure payment input frame';
      frame.setAttribute('allow', 'payment *');
      frame.setAttribute('role', 'presentation');
      frame.src = `${FRAME_URL}#${new URLSearchParams({ channel: this._channel, origin: location.origin })}`;
      Object.assign(frame.style, { border: '0', width: '100%', height: '250px', display: 'block', overflow: 'hidden' });
      window.addEventListener('message', this._onMessage);
      this._frame = frame;
      node.appendChild(frame);
      this._emit('loaderstart', { elementType: 'payment' });
      this._elements._checkIntent().then((error) => {
        if (error) this._emit('loaderror', { elementType: 'payment', error });
      });
    }

    unmount() {
      if (!this._frame) return;
      window.removeEventListener('message', this._onMessage);
      this._frame.remove();
      this._frame = null;
      for (const { resolve } of this._pending.values()) {
        resolve({ error: { type: 'validation_error', message: 'The Payment Element was unmounted.' } });
      }
      this._pending.clear();
    }

    destroy() {
      this.unmount();
      this._destroyed = true;
      this._elements._forget(this);
      this._listeners.clear();
    }

    update(options) {
      this._assertAlive();
      this._options = { ...this._options, ...(options ?? {}) };
      this._send('update', { options: options ?? {} });
    }

    focus() {
      this._send('focus');
    }

    blur() {
      this._send('blur');
    }

    clear() {
      this._send('clear');
    }

    /** The methods are tabs (no accordion), so there is nothing to collapse. */
    collapse() {
      return this;
    }

    _assertAlive() {
      if (this._destroyed) {
        throw new IntegrationError('This Element has already been destroyed. Please create a new one.');
      }
    }

    _post(message) {
      this._frame?.contentWindow?.postMessage({ [MESSAGE_FLAG]: true, channel: this._channel, ...message }, ORIGIN);
    }

    _send(type, payload) {
      if (!this._ready) return;
      void this._ready.then(() => this._post({ type, payload }));
    }

    /** Asks the frame to do something and resolves with its answer. */
    _request(type, payload) {
      if (!this._frame) {
        return Promise.resolve({
          error: { type: 'validation_error', message: 'The Payment Element is not mounted.' },
        });
      }
      return this._ready.then(
        () =>
          new Promise((resolve) => {
            const requestId = uniqueId('request');
            this._pending.set(requestId, { resolve });
            this._post({ type, requestId, payload });
          }),
      );
    }

    _receive(event) {
      if (!this._frame || event.source !== this._frame.contentWindow || event.origin !== ORIGIN) return;
      const message = event.data;
      if (!message || !message[MESSAGE_FLAG] || message.channel !== this._channel) return;
      switch (message.type) {
        case 'frame-ready': {
          const { locale, appearance, loader, customerSessionClientSecret } = this._elements._options;
          void this._elements._paymentMethodTypes().then((paymentMethodTypes) =>
            this._post({
              type: 'init',
              payload: {
                key: this._elements._stripe._key,
                locale,
                appearance,
                loader,
                options: this._options,
                customerSessionClientSecret,
                paymentMethodTypes,
              },
            }),
          );
          break;
        }
        case 'ready':
          this._markReady();
          this._emit('ready', message.event);
          break;
        case 'resize':
          this._frame.style.height = `${Math.ceil(message.height)}px`;
          break;
        case 'response': {
          const pending = this._pending.get(message.requestId);
          this._pending.delete(message.requestId);
          pending?.resolve(message.result);
          break;
        }
        case 'change':
        case 'focus':
        case 'blur':
        case 'escape':
          this._emit(message.type, message.event);
          break;
        default:
          break;
      }
    }
  }

  class Elements extends Emitter {
    constructor(stripe, options) {
      super();
      this._stripe = stripe;
      // Stripe(pk, {locale}) is the default locale of its Elements.
      this._options = { locale: stripe._options.locale, ...(options ?? {}) };
      this._payment = null;
      /** The intent as last read with the client secret: `{body}` or `{error}`. */
      this._intentRead = null;
      if (this._options.clientSecret) parseClientSecret(this._options.clientSecret);
    }

    create(type, options) {
      if (type !== 'payment') {
        throw new IntegrationError(
          `elements.create('${type}') is not emulated: the Stripe emulator's Stripe.js provides the Payment Element only.`,
        );
      }
      if (this._payment) throw new IntegrationError('Can only create one Element of type payment.');
      this._payment = new PaymentElement(this, options);
      return this._payment;
    }

    getElement(type) {
      return type === 'payment' ? this._payment : null;
    }

    update(options) {
      const { clientSecret, ...rest } = options ?? {};
      if (clientSecret !== undefined) {
        console.warn('elements.update(): clientSecret cannot be changed; create a new Elements instance.');
      }
      this._options = { ...this._options, ...rest };
      if (this._payment) {
        this._payment._send('update', { locale: rest.locale, appearance: rest.appearance });
      }
      this._emit('update-end');
      return Promise.resolve();
    }

    /** Re-reads the intent; reports a bad client secret (the tabs shown are those of the first read). */
    async fetchUpdates() {
      this._intentRead = null;
      const error = await this._checkIntent();
      return error ? { error: { message: error.message, status: 'failed' } } : {};
    }

    /** Validates the Payment Element, showing the messages inline; `{error}` when something is missing or wrong. */
    async submit() {
      if (!this._payment || !this._payment._frame) {
        throw new IntegrationError('elements.submit(): no mounted Payment Element in this Elements instance.');
      }
      const { error, selectedPaymentMethod } = await this._payment._request('validate');
      return error ? { error } : { selectedPaymentMethod: selectedPaymentMethod ?? 'card' };
    }

    _readIntent() {
      this._intentRead ??= this._stripe._retrieveIntent(this._options.clientSecret);
      return this._intentRead;
    }

    async _checkIntent() {
      if (!this._options.clientSecret) return null;
      const { error } = await this._readIntent();
      return error ?? null;
    }

    /**
     * The payment method types the Payment Element offers: the intent's (deferred intents: the `paymentMethodTypes`
     * option), without those that cannot take it as configured (a SEPA debit cannot be captured later).
     */
    async _paymentMethodTypes() {
      if (!this._options.clientSecret) return this._options.paymentMethodTypes ?? ['card'];
      const { body } = await this._readIntent();
      const types = body?.payment_method_types ?? ['card'];
      return body?.capture_method === 'manual' ? types.filter((type) => type !== 'sepa_debit') : types;
    }

    _forget(element) {
      if (this._payment === element) this._payment = null;
    }
  }

  // ---- the Stripe object -------------------------------------------------------------------------------------

  class StripeInstance {
    constructor(key, options) {
      this._key = key;
      this._options = { ...(options ?? {}) };
      this._wrappers = [];
      this._appInfo = null;
    }

    elements(options) {
      return new Elements(this, options);
    }

    registerAppInfo(info) {
      this._appInfo = info;
    }

    _registerWrapper(wrapper) {
      this._wrappers.push(wrapper);
    }

    // PaymentIntents and SetupIntents -----------------------------------------------------------------------

    confirmPayment(options) {
      return this._confirmWithElements('payment_intent', 'confirmPayment', options);
    }

    confirmSetup(options) {
      return this._confirmWithElements('setup_intent', 'confirmSetup', options);
    }

    async retrievePaymentIntent(clientSecret) {
      parseClientSecret(clientSecret, 'payment_intent');
      const { body, error } = await this._retrieveIntent(clientSecret);
      return error ? { error } : { paymentIntent: body };
    }

    async retrieveSetupIntent(clientSecret) {
      parseClientSecret(clientSecret, 'setup_intent');
      const { body, error } = await this._retrieveIntent(clientSecret);
      return error ? { error } : { setupIntent: body };
    }

    /** Finishes a `requires_action` intent (3DS) confirmed on the server. */
    async handleNextAction({ clientSecret } = {}) {
      const { kind } = parseClientSecret(clientSecret);
      const { body, error } = await this._retrieveIntent(clientSecret);
      if (error) return { error };
      return this._finish(kind, body, { clientSecret, redirect: 'if_required' });
    }

    handleCardAction(clientSecret) {
      parseClientSecret(clientSecret, 'payment_intent');
      return this.handleNextAction({ clientSecret });
    }

    /** `data.payment_method`: a PaymentMethod id, `{card: paymentElement, billing_details}`, or omitted. */
    async confirmCardPayment(clientSecret, data = {}, options = {}) {
      const { id } = parseClientSecret(clientSecret, 'payment_intent');
      const { payment_method: paymentMethod, return_url: returnUrl, ...rest } = data ?? {};
      let paymentMethodId = typeof paymentMethod === 'string' ? paymentMethod : undefined;
      if (paymentMethod && typeof paymentMethod === 'object') {
        const created = await this._createFromElement(paymentMethod.card, {
          billingDetails: paymentMethod.billing_details,
          metadata: paymentMethod.metadata,
        });
        if (created.error) return { error: created.error };
        paymentMethodId = created.paymentMethod.id;
      }
      const confirmed = await callApi(this._key, 'POST', `/v1/payment_intents/${id}/confirm`, {
        ...rest,
        client_secret: clientSecret,
        payment_method: paymentMethodId,
        return_url: returnUrl,
      });
      if (confirmed.error) return { error: confirmed.error };
      if (options && options.handleActions === false) return { paymentIntent: confirmed.body };
      return this._finish('payment_intent', confirmed.body, { clientSecret, redirect: 'if_required' });
    }

    /** `{elements, params}` (Payment Element) or `{type: 'card', card: paymentElement, billing_details}`. */
    async createPaymentMethod(options) {
      if (!options || typeof options !== 'object') {
        throw new IntegrationError('stripe.createPaymentMethod(): pass {elements} or {type, card}.');
      }
      let element = options.card;
      let params = options;
      if (options.elements) {
        element = options.elements.getElement('payment');
        params = options.params ?? {};
      }
      const created = await this._createFromElement(element, {
        billingDetails: params.billing_details,
        metadata: params.metadata,
      });
      return created.error ? { error: created.error } : { paymentMethod: created.paymentMethod };
    }

    /** Tokens are Stripe's legacy API; the emulator answers with an error rather than a fake token. */
    async createToken() {
      return {
        error: {
          type: 'invalid_request_error',
          message:
            'stripe.createToken() is not emulated; use the Payment Element with confirmPayment or createPaymentMethod.',
        },
      };
    }

    // internals ---------------------------------------------------------------------------------------------

    _retrieveIntent(clientSecret) {
      const { id, kind } = parseClientSecret(clientSecret);
      return callApi(this._key, 'GET', `${INTENT_KINDS[kind].path}/${id}`, { client_secret: clientSecret });
    }

    _createFromElement(element, payload) {
      if (!(element instanceof PaymentElement) || !element._frame) {
        throw new IntegrationError('A mounted Payment Element is required to create a PaymentMethod.');
      }
      return element._request('createPaymentMethod', payload);
    }

    async _confirmWithElements(kind, method, options) {
      const { elements, clientSecret: explicitSecret, confirmParams = {}, redirect = 'always' } = options ?? {};
      if (redirect !== 'always' && redirect !== 'if_required') {
        throw new IntegrationError(
          `stripe.${method}(): redirect must be 'always' or 'if_required', got '${redirect}'.`,
        );
      }
      const clientSecret = explicitSecret ?? elements?._options.clientSecret;
      if (!clientSecret) {
        throw new IntegrationError(
          `stripe.${method}(): the \`clientSecret\` argument is required when the Elements instance was created without one.`,
        );
      }
      const { id } = parseClientSecret(clientSecret, kind);
      const {
        return_url: returnUrl,
        payment_method: existingMethod,
        payment_method_data: methodData,
        ...rest
      } = confirmParams;
      if (redirect === 'always' && !returnUrl) {
        throw new IntegrationError(
          `stripe.${method}(): the \`confirmParams.return_url\` argument is required unless passing \`redirect: 'if_required'\`.`,
        );
      }
      let paymentMethod = existingMethod;
      if (!paymentMethod) {
        if (!elements) {
          throw new IntegrationError(`stripe.${method}(): pass \`elements\` or \`confirmParams.payment_method\`.`);
        }
        const created = await this._createFromElement(elements.getElement('payment'), {
          billingDetails: methodData?.billing_details,
          metadata: methodData?.metadata,
        });
        if (created.error) return { error: created.error };
        paymentMethod = created.paymentMethod.id;
        // A SEPA debit: the customer accepted the mandate shown in the Element, online, in this browser.
        if (created.mandate && !rest.mandate_data) {
          rest.mandate_data = { customer_acceptance: { type: 'online', online: { infer_from_client: true } } };
        }
        // The customer ticked "save this card": the PaymentIntent sets it up for them (a SetupIntent does anyway).
        if (created.setupFutureUsage && kind === 'payment_intent') rest.setup_future_usage = created.setupFutureUsage;
      }
      const confirmed = await callApi(this._key, 'POST', `${INTENT_KINDS[kind].path}/${id}/confirm`, {
        ...rest,
        client_secret: clientSecret,
        payment_method: paymentMethod,
        return_url: returnUrl,
      });
      if (confirmed.error) return { error: confirmed.error };
      return this._finish(kind, confirmed.body, { clientSecret, redirect, returnUrl });
    }

    /** Runs the intent's next action (3DS), then answers like Stripe.js: the intent, an error, or a redirect. */
    async _finish(kind, intent, { clientSecret, redirect, returnUrl }) {
      const { result, errorKey } = INTENT_KINDS[kind];
      let current = intent;
      if (current.status === 'requires_action' && current.next_action) {
        const action = current.next_action;
        if (action.type === 'redirect_to_url' && action.redirect_to_url?.url) {
          location.assign(action.redirect_to_url.url);
          return new Promise(() => {});
        }
        const challengeUrl = action.type === 'use_stripe_sdk' ? action.use_stripe_sdk?.stripe_js : null;
        if (!challengeUrl) {
          return {
            error: {
              type: 'invalid_request_error',
              code: 'unsupported_next_action',
              message: `The emulator's Stripe.js cannot handle next_action.type '${action.type}'.`,
              [kind]: current,
            },
          };
        }
        await showChallenge(challengeUrl);
        const refreshed = await this._retrieveIntent(clientSecret);
        if (refreshed.error) return { error: refreshed.error };
        current = refreshed.body;
      }
      if (current.status === 'requires_payment_method' && current[errorKey]) {
        return { error: { ...current[errorKey], [kind]: current } };
      }
      if (redirect === 'always' && returnUrl && SUCCESS_STATUSES.includes(current.status)) {
        return redirectTo(returnUrl, kind, current, clientSecret);
      }
      return { [result]: current };
    }
  }

  for (const name of [
    'paymentRequest',
    'redirectToCheckout',
    'initEmbeddedCheckout',
    'initCheckout',
    'initCheckoutElementsSdk',
    'createConfirmationToken',
    'confirmCardSetup',
    'collectBankAccountForPayment',
    'verifyIdentity',
  ]) {
    StripeInstance.prototype[name] = notEmulated(name);
  }

  /** `Stripe(publishableKey, options)`: callable with or without `new`, test-mode keys only. */
  function Stripe(key, options) {
    if (typeof key !== 'string' || key === '') {
      throw new IntegrationError('Please call Stripe() with your publishable key. You used an empty string.');
    }
    if (/^(sk|rk)_/.test(key)) {
      throw new IntegrationError(
        'You should not use your secret key with Stripe.js. Please pass a publishable key instead.',
      );
    }
    if (!/^pk_test_/.test(key)) {
      throw new IntegrationError(
        `The Stripe emulator accepts test-mode publishable keys (pk_test_...) only, got "${key}".`,
      );
    }
    return new StripeInstance(key, options);
  }
  /** The release train @stripe/stripe-js 10 expects (it warns on a mismatch). */
  Stripe.version = 'endive';
  Stripe.emulator = { origin: ORIGIN };

  window.Stripe = Stripe;
})();
