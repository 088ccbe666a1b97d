import { expect, test, type FrameLocator, type Page, type Request } from '@playwright/test';
import Stripe from 'stripe';
import { EmulatorControl } from '../../control/client';
import { EMULATOR_PORT, EMULATOR_URL } from './ports';

// The merchant's server: creates the PaymentIntent and checks the outcome with stripe-node, as an app would.
const stripe = new Stripe('sk_test_stripejs_e2e', {
  host: '127.0.0.1',
  port: EMULATOR_PORT,
  protocol: 'http',
  maxNetworkRetries: 0,
});

interface CheckoutOptions {
  locale?: string;
  redirect?: 'always';
  /** A Customer whose saved cards the Payment Element may show and save (through a CustomerSession). */
  customer?: string;
  currency?: 'usd' | 'eur';
  captureMethod?: 'manual';
  /** The Payment Element's `business.name`. */
  business?: string;
}

async function openCheckout(
  page: Page,
  { customer, currency = 'usd', captureMethod, ...options }: CheckoutOptions = {},
) {
  const intent = await stripe.paymentIntents.create({
    amount: 2599,
    currency,
    automatic_payment_methods: { enabled: true },
    ...(customer ? { customer } : {}),
    ...(captureMethod ? { capture_method: captureMethod } : {}),
  });
  const session = customer
    ? await stripe.customerSessions.create({
        customer,
        components: {
          payment_element: {
            enabled: true,
            features: { payment_method_save: 'enabled', payment_method_redisplay: 'enabled' },
          },
        },
      })
    : null;
  const query = new URLSearchParams({
    client_secret: intent.client_secret!,
    ...options,
    ...(session ? { customer_session: session.client_secret } : {}),
  });
  await page.goto(`/?${query.toString()}`);
  await expect(page.locator('form[data-ready="true"]')).toBeAttached();
  return { intent, frame: page.frameLocator('iframe[title="Secure payment input frame"]') };
}

async function fillCard(frame: FrameLocator, number: string, { expiry = '12 / 34', cvc = '123', zip = '94107' } = {}) {
  await frame.getByLabel('Card number').fill(number);
  await frame.getByLabel('Expiration date').fill(expiry);
  await frame.getByLabel('Security code').fill(cvc);
  await frame.getByLabel('ZIP code').fill(zip);
}

// Anything Stripe.js, React or the page complains about (e.g. stripe-js's version-mismatch warning) fails the test.
// The browser's own note on an HTTP error (the 402 of a decline, as with real Stripe) is expected.
let complaints: string[] = [];
test.beforeEach(({ page }) => {
  complaints = [];
  page.on('pageerror', (error) => complaints.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.text().startsWith('Failed to load resource')) return;
    if (message.type() === 'error' || message.type() === 'warning') {
      complaints.push(`${message.type()}: ${message.text()}`);
    }
  });
});
test.afterEach(() => {
  expect(complaints).toEqual([]);
});

const pay = (page: Page) => page.getByRole('button', { name: 'Pay' }).click();
const challenge = (page: Page) => page.frameLocator('iframe[title="3D Secure authentication"]');

test('4242 4242 4242 4242 succeeds, and the card number goes only to the emulator', async ({ page }) => {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  const { intent, frame } = await openCheckout(page);
  await fillCard(frame, '4242 4242 4242 4242');
  await expect(frame.getByLabel('Card number')).toHaveValue('4242 4242 4242 4242');
  await pay(page);

  await expect(page.getByRole('status')).toHaveText('Payment succeeded');
  const settled = await stripe.paymentIntents.retrieve(intent.id, { expand: ['payment_method'] });
  expect(settled.status).toBe('succeeded');
  const method = settled.payment_method as Stripe.PaymentMethod;
  expect(method.card).toMatchObject({ brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2034 });
  expect(method.billing_details.address).toMatchObject({ postal_code: '94107', country: 'US' });

  // The number left the browser once: from the Payment Element's frame to the emulator's /v1/payment_methods.
  const carrying = requests.filter((request) => (request.postData() ?? '').includes('4242424242424242'));
  expect(carrying.map((request) => request.url())).toEqual([`${EMULATOR_URL}/v1/payment_methods`]);
  expect(carrying[0]!.frame()).not.toBe(page.mainFrame());
});

test('4000 0000 0000 0002 shows the decline message', async ({ page }) => {
  const { intent, frame } = await openCheckout(page);
  await fillCard(frame, '4000000000000002');
  await pay(page);

  await expect(page.getByRole('alert')).toHaveText('Your card was declined.');
  await expect(page.getByRole('status')).toHaveText('');
  const declined = await stripe.paymentIntents.retrieve(intent.id);
  expect(declined.status).toBe('requires_payment_method');
  expect(declined.last_payment_error).toMatchObject({ code: 'card_declined', decline_code: 'generic_decline' });
});

test('4000 0027 6000 3184 with Complete succeeds after the 3DS challenge', async ({ page }) => {
  const { intent, frame } = await openCheckout(page);
  await fillCard(frame, '4000 0027 6000 3184');
  await pay(page);

  await expect(challenge(page).getByText('$25.99')).toBeVisible();
  await challenge(page).getByRole('button', { name: 'Complete' }).click();
  await expect(page.getByRole('status')).toHaveText('Payment succeeded');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
});

test('4000 0027 6000 3184 with Fail shows the authentication error', async ({ page }) => {
  const { intent, frame } = await openCheckout(page);
  await fillCard(frame, '4000002760003184');
  await pay(page);

  await challenge(page).getByRole('button', { name: 'Fail' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
  );
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const failed = await stripe.paymentIntents.retrieve(intent.id);
  expect(failed.status).toBe('requires_payment_method');
  expect(failed.last_payment_error?.code).toBe('payment_intent_authentication_failure');
});

test('inline validation: a bad Luhn number shows an error and Pay does nothing', async ({ page }) => {
  const { intent, frame } = await openCheckout(page);
  // Nothing typed: every field reports itself incomplete, in the frame.
  await pay(page);
  await expect(frame.getByText('Your card number is incomplete.')).toBeVisible();
  await expect(frame.getByText("Your card's expiration date is incomplete.")).toBeVisible();
  await expect(frame.getByText("Your card's security code is incomplete.")).toBeVisible();
  await expect(frame.getByText('Your postal code is incomplete.')).toBeVisible();

  await fillCard(frame, '4242 4242 4242 4241', { expiry: '01 / 20' });
  await expect(frame.getByText('Your card number is invalid.')).toBeVisible();
  await expect(frame.getByText("Your card's expiration year is in the past.")).toBeVisible();
  await expect(frame.getByLabel('Card number')).toHaveAttribute('aria-invalid', 'true');
  await pay(page);
  await expect(frame.getByLabel('Card number')).toBeFocused();
  await expect(page.getByRole('status')).toHaveText('');
  await expect(page.getByRole('alert')).toHaveCount(0);
  const untouched = await stripe.paymentIntents.retrieve(intent.id);
  expect(untouched).toMatchObject({ status: 'requires_payment_method', payment_method: null });

  // Fixing the fields clears the messages and the payment goes through.
  await fillCard(frame, '4242 4242 4242 4242');
  await expect(frame.getByRole('alert').filter({ hasText: /./ })).toHaveCount(0);
  await pay(page);
  await expect(page.getByRole('status')).toHaveText('Payment succeeded');
});

test('SEPA Debit in EUR: name, email, IBAN and the mandate; processing until the bank answers', async ({ page }) => {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  const { intent, frame } = await openCheckout(page, { currency: 'eur', business: 'Example Roasters' });
  expect(intent.payment_method_types).toEqual(['card', 'sepa_debit']);
  await expect(frame.getByRole('tab', { name: 'Card' })).toHaveAttribute('aria-selected', 'true');
  // The tabs follow the ARIA pattern: the arrow key opens the next one.
  await frame.getByRole('tab', { name: 'Card' }).press('ArrowRight');
  await expect(frame.getByRole('tab', { name: 'SEPA Debit' })).toBeFocused();
  await expect(frame.getByRole('tab', { name: 'SEPA Debit' })).toHaveAttribute('aria-selected', 'true');
  await expect(frame.getByLabel('Card number')).toBeHidden();
  await expect(frame.getByText(/you authorise \(A\) Example Roasters and Stripe/)).toBeVisible();

  // Nothing typed: each field says what is missing, and nothing is sent.
  await pay(page);
  await expect(frame.getByText('Please enter your full name.')).toBeVisible();
  await expect(frame.getByText('Your email address is incomplete.')).toBeVisible();
  await expect(frame.getByText('Your IBAN is incomplete.')).toBeVisible();
  await frame.getByLabel('Full name').fill('Jenny Rosen');
  await frame.getByLabel('Email').fill('jenny.rosen@example.com');
  // A mistyped digit fails the IBAN's checksum as soon as it is complete.
  await frame.getByLabel('IBAN').fill('AT611904300234573202');
  await expect(frame.getByText('Your IBAN is invalid.')).toBeVisible();
  await frame.getByLabel('IBAN').fill('at32 1904 3002 3547 3204');
  await expect(frame.getByLabel('IBAN')).toHaveValue('AT32 1904 3002 3547 3204');
  await expect(frame.getByRole('alert').filter({ hasText: /./ })).toHaveCount(0);
  await pay(page);

  await expect(page.getByRole('status')).toHaveText('Payment processing');
  const processing = await stripe.paymentIntents.retrieve(intent.id, { expand: ['payment_method', 'latest_charge'] });
  expect(processing.status).toBe('processing');
  const method = processing.payment_method as Stripe.PaymentMethod;
  expect(method.type).toBe('sepa_debit');
  expect(method.sepa_debit).toMatchObject({ country: 'AT', last4: '3204', bank_code: '19043' });
  expect(method.billing_details).toMatchObject({ name: 'Jenny Rosen', email: 'jenny.rosen@example.com' });
  // The mandate the customer accepted in this browser, online.
  const charge = processing.latest_charge as Stripe.Charge;
  const mandate = await stripe.mandates.retrieve(charge.payment_method_details!.sepa_debit!.mandate!);
  expect(mandate).toMatchObject({ payment_method: method.id, status: 'active', type: 'single_use' });
  expect(mandate.customer_acceptance.type).toBe('online');

  // The IBAN left the browser once: from the Payment Element's frame to the emulator's /v1/payment_methods.
  const carrying = requests.filter((request) => (request.postData() ?? '').includes('AT321904300235473204'));
  expect(carrying.map((request) => request.url())).toEqual([`${EMULATOR_URL}/v1/payment_methods`]);
  expect(carrying[0]!.frame()).not.toBe(page.mainFrame());

  // The bank answers: the debit succeeds.
  await new EmulatorControl(EMULATOR_URL).settlePaymentIntent(intent.id);
  expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
});

test('SEPA Debit is offered only where it can take the payment', async ({ page }) => {
  // Dollars: cards only.
  const dollars = await openCheckout(page);
  await expect(dollars.frame.getByRole('tab', { name: 'Card' })).toBeVisible();
  await expect(dollars.frame.getByRole('tab', { name: 'SEPA Debit' })).toBeHidden();
  // Euros captured later: a SEPA debit cannot be, so cards only.
  const manual = await openCheckout(page, { currency: 'eur', captureMethod: 'manual' });
  await expect(manual.frame.getByLabel('Card number')).toBeVisible();
  await expect(manual.frame.getByRole('tab', { name: 'SEPA Debit' })).toBeHidden();
  // In German, with the mandate's words.
  const german = await openCheckout(page, { currency: 'eur', locale: 'de' });
  await german.frame.getByRole('tab', { name: 'SEPA-Lastschrift' }).click();
  await expect(german.frame.getByLabel('Vollständiger Name')).toBeVisible();
  await expect(german.frame.getByText(/ermächtigen Sie \(A\) das Unternehmen und Stripe/)).toBeVisible();
});

test('the locale option translates labels and messages (de)', async ({ page }) => {
  const { frame } = await openCheckout(page, { locale: 'de' });
  await frame.getByLabel('Kartennummer').fill('4242 4242 4242 4241');
  await expect(frame.getByText('Ihre Kartennummer ist ungültig.')).toBeVisible();
  await expect(frame.getByLabel('Ablaufdatum')).toHaveAttribute('placeholder', 'MM / JJ');
  await expect(frame.getByLabel('Sicherheitscode')).toBeVisible();
});

test("redirect: 'always' navigates to return_url with the intent and redirect_status", async ({ page }) => {
  const { intent, frame } = await openCheckout(page, { redirect: 'always' });
  await fillCard(frame, '4242424242424242');
  await pay(page);

  await page.waitForURL(/\/return\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get('payment_intent')).toBe(intent.id);
  expect(url.searchParams.get('payment_intent_client_secret')).toBe(intent.client_secret);
  expect(url.searchParams.get('redirect_status')).toBe('succeeded');
  await expect(page.getByRole('status')).toHaveText('Payment succeeded');
});

test('confirmSetup saves a card through the 3DS challenge', async ({ page }) => {
  const setupIntent = await stripe.setupIntents.create({ automatic_payment_methods: { enabled: true } });
  await page.goto(`/?client_secret=${setupIntent.client_secret}`);
  await expect(page.locator('form[data-ready="true"]')).toBeAttached();
  await fillCard(page.frameLocator('iframe[title="Secure payment input frame"]'), '4000 0027 6000 3184');
  await page.getByRole('button', { name: 'Save card' }).click();

  await challenge(page).getByRole('button', { name: 'Complete' }).click();
  await expect(page.getByRole('status')).toHaveText('Setup succeeded');
  const saved = await stripe.setupIntents.retrieve(setupIntent.id, { expand: ['payment_method'] });
  expect(saved.status).toBe('succeeded');
  expect((saved.payment_method as Stripe.PaymentMethod).card?.last4).toBe('3184');
});

test('handleNextAction finishes an intent confirmed on the server', async ({ page }) => {
  const intent = await stripe.paymentIntents.create({
    amount: 1000,
    currency: 'eur',
    payment_method: 'pm_card_authenticationRequired',
    confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
  });
  expect(intent.status).toBe('requires_action');
  await page.goto(`/?${new URLSearchParams({ client_secret: intent.client_secret!, flow: 'next_action' }).toString()}`);
  await page.getByRole('button', { name: 'Authenticate' }).click();

  await expect(challenge(page).getByText('€10.00')).toBeVisible();
  await challenge(page).getByRole('button', { name: 'Complete' }).click();
  await expect(page.getByRole('status')).toHaveText('Payment succeeded');
  expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
});

test('without React: createPaymentMethod, confirmCardPayment, the ja locale and integration errors', async ({
  page,
}) => {
  const intent = await stripe.paymentIntents.create({
    amount: 500,
    currency: 'jpy',
    automatic_payment_methods: { enabled: true },
  });
  await page.goto(`/?${new URLSearchParams({ client_secret: intent.client_secret!, flow: 'vanilla' }).toString()}`);
  const log = page.getByRole('list', { name: 'Log' });
  await expect(log).toContainText('ready');
  const frame = page.frameLocator('#vanilla-payment iframe');
  await frame.getByLabel('カード番号').fill('5555 5555 5555 4444');
  await frame.getByLabel('有効期限').fill('1234');
  await frame.getByLabel('セキュリティコード').fill('123');
  await frame.getByLabel('郵便番号').fill('94107');
  await expect(log).toContainText('change complete=true');

  await page.getByRole('button', { name: 'Create and confirm' }).click();
  await expect(log).toContainText('payment method mastercard 4444');
  await expect(log).toContainText('Payment succeeded');
  expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');

  await page.getByRole('button', { name: 'Misuse' }).click();
  await expect(log).toContainText(
    'IntegrationError: You should not use your secret key with Stripe.js. Please pass a publishable key instead.',
  );
  await expect(log).toContainText("IntegrationError: elements.create('card') is not emulated");
  await expect(log).toContainText('IntegrationError: Can only create one Element of type payment.');
});

test('saves a card the customer asks to keep, and shows it again next time, to pay without typing it', async ({
  page,
}) => {
  const customer = await stripe.customers.create({ email: 'saver@example.com' });
  const first = await openCheckout(page, { customer: customer.id });
  await expect(first.frame.getByRole('group', { name: 'Saved cards' })).toBeHidden();
  await fillCard(first.frame, '4242 4242 4242 4242');
  await first.frame.getByLabel('Save this card for future purchases').check();
  await pay(page);
  await expect(page.getByRole('status')).toHaveText('Payment succeeded');
  const saved = await stripe.customers.listPaymentMethods(customer.id);
  expect(saved.data).toHaveLength(1);
  expect(saved.data[0]).toMatchObject({ allow_redisplay: 'always', card: { last4: '4242' } });

  const second = await openCheckout(page, { customer: customer.id });
  const savedCard = second.frame.getByRole('radio', { name: 'Visa •••• 4242, expires 12/34' });
  await expect(savedCard).toBeChecked();
  await expect(second.frame.getByLabel('Card number')).toBeHidden();
  await pay(page);
  await expect(page.getByRole('status')).toHaveText('Payment succeeded');
  const paid = await stripe.paymentIntents.retrieve(second.intent.id);
  expect(paid).toMatchObject({ status: 'succeeded', payment_method: saved.data[0]!.id });

  // A card not saved for redisplay is not shown; "Use a new card" brings the fields back.
  const third = await openCheckout(page, { customer: (await stripe.customers.create({})).id });
  await expect(third.frame.getByRole('group', { name: 'Saved cards' })).toBeHidden();
  const fourth = await openCheckout(page, { customer: customer.id });
  await fourth.frame.getByRole('radio', { name: 'Use a new card' }).check();
  await expect(fourth.frame.getByLabel('Card number')).toBeVisible();
});
