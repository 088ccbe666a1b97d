import { describe, expect, it } from 'vitest';
import {
  listPaymentMethods,
  removePaymentMethod,
  setDefaultPaymentMethod,
  startCardSetup,
} from './account-payment-methods';
import { fakeGateway } from './testing/fake-gateway';
import { inMemoryCustomers } from './testing/in-memory-customers';
import { inMemoryStore } from './testing/in-memory-store';

const visa = { id: 'pm_visa', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2034 };
const amex = { id: 'pm_amex', brand: 'amex', last4: '0005', expMonth: 1, expYear: 2030 };

async function setup() {
  const { clock } = inMemoryStore();
  const customers = inMemoryCustomers();
  const stripe = fakeGateway();
  const ports = { customers: customers.repository, gateway: stripe.gateway, clock };
  const account = await customers.repository.signInCustomer('ada@example.com', 'en', clock.now());
  return { ports, customers, stripe, account };
}

describe('a shopper’s saved cards', () => {
  it('lists none before the shopper has a Stripe Customer, and theirs, with the default, after', async () => {
    const { ports, stripe, account } = await setup();
    expect(await listPaymentMethods(ports, account)).toEqual({ ok: true, value: [] });
    expect(stripe.calls).toEqual([]);
    const withCustomer = { ...account, stripeCustomerId: 'cus_ada' };
    stripe.saveCard('cus_ada', visa);
    stripe.saveCard('cus_ada', amex);
    stripe.saveCard('cus_other', { ...visa, id: 'pm_other' });
    await setDefaultPaymentMethod(ports, { account: withCustomer, paymentMethod: 'pm_amex' });
    expect(await listPaymentMethods(ports, withCustomer)).toEqual({
      ok: true,
      value: [
        { ...visa, isDefault: false },
        { ...amex, isDefault: true },
      ],
    });
  });

  it('removes only the shopper’s own cards: another Customer’s card is unknown to them', async () => {
    const { ports, stripe, account } = await setup();
    const withCustomer = { ...account, stripeCustomerId: 'cus_ada' };
    stripe.saveCard('cus_ada', visa);
    stripe.saveCard('cus_other', { ...visa, id: 'pm_other' });
    expect(await removePaymentMethod(ports, { account: withCustomer, paymentMethod: 'pm_other' })).toEqual({
      ok: false,
      error: { kind: 'not_found', what: 'payment method' },
    });
    expect(await setDefaultPaymentMethod(ports, { account, paymentMethod: 'pm_visa' })).toMatchObject({ ok: false });
    expect(stripe.callsOf('detachPaymentMethod')).toEqual([]);
    expect(await removePaymentMethod(ports, { account: withCustomer, paymentMethod: 'pm_visa' })).toEqual({
      ok: true,
      value: null,
    });
    expect(stripe.callsOf('detachPaymentMethod')[0]?.input).toEqual({
      paymentMethod: 'pm_visa',
      idempotencyKey: 'detach-pm_visa',
    });
    expect([...stripe.cards.keys()]).toEqual(['pm_other']);
  });

  it('sets up a card without buying, making the shopper’s Stripe Customer first', async () => {
    const { ports, stripe, account, customers } = await setup();
    const started = await startCardSetup(ports, account);
    expect(started).toMatchObject({ ok: true, value: { clientSecret: expect.stringMatching(/^seti_/) } });
    const [created] = stripe.callsOf('createCustomer');
    expect(created?.input).toMatchObject({ accountId: account.id, idempotencyKey: `customer-${account.id}` });
    expect(stripe.callsOf('createSetupIntent')[0]?.input).toMatchObject({
      customer: customers.customers.get(account.id)?.stripeCustomerId,
    });
  });
});
