import type { CustomerRepository, StoredCustomer } from '@storepay/db';
import { err, ok, type Result } from '@storepay/payments-core';
import type { PaymentGateway, SavedCard } from '@storepay/payments-core/server';
import type { Clock } from './ports';
import { notFound, type NotFound, type RefusalOf } from './refusals';
import { stripeCustomerOf } from './stripe-customer';

export interface PaymentMethodsPorts {
  customers: Pick<CustomerRepository, 'setStripeCustomer'>;
  gateway: Pick<
    PaymentGateway,
    'createCustomer' | 'listSavedCards' | 'detachPaymentMethod' | 'setDefaultPaymentMethod' | 'createSetupIntent'
  >;
  clock: Clock;
}

type Account = Pick<StoredCustomer, 'id' | 'email' | 'stripeCustomerId'>;
type StripeDown = RefusalOf<'payment_failed'>;

/** A signed-in shopper's saved cards (none before they have a Stripe Customer), their default first marked. */
export async function listPaymentMethods(
  ports: PaymentMethodsPorts,
  account: Account,
): Promise<Result<(SavedCard & { isDefault: boolean })[], StripeDown>> {
  if (!account.stripeCustomerId) return ok([]);
  const listed = await ports.gateway.listSavedCards(account.stripeCustomerId);
  if (!listed.ok) return err({ kind: 'payment_failed', error: listed.error });
  return ok(listed.value.cards.map((card) => ({ ...card, isDefault: card.id === listed.value.defaultId })));
}

/** Only a card of the shopper's own Customer can be changed: any other id is unknown to them. */
async function ownCard(ports: PaymentMethodsPorts, account: Account, paymentMethod: string) {
  if (!account.stripeCustomerId) return err(notFound('payment method'));
  const listed = await ports.gateway.listSavedCards(account.stripeCustomerId);
  if (!listed.ok) return err<NotFound | StripeDown>({ kind: 'payment_failed', error: listed.error });
  if (!listed.value.cards.some((card) => card.id === paymentMethod)) return err(notFound('payment method'));
  return ok(account.stripeCustomerId);
}

/** Removes a saved card (Stripe's detach: it cannot be used again). */
export async function removePaymentMethod(
  ports: PaymentMethodsPorts,
  { account, paymentMethod }: { account: Account; paymentMethod: string },
): Promise<Result<null, NotFound | StripeDown>> {
  const owner = await ownCard(ports, account, paymentMethod);
  if (!owner.ok) return owner;
  const detached = await ports.gateway.detachPaymentMethod({
    paymentMethod,
    idempotencyKey: `detach-${paymentMethod}`,
  });
  return detached.ok ? ok(null) : err({ kind: 'payment_failed', error: detached.error });
}

/** Makes a saved card the one the shopper's Customer pays with by default. */
export async function setDefaultPaymentMethod(
  ports: PaymentMethodsPorts,
  { account, paymentMethod }: { account: Account; paymentMethod: string },
): Promise<Result<null, NotFound | StripeDown>> {
  const owner = await ownCard(ports, account, paymentMethod);
  if (!owner.ok) return owner;
  const minute = Math.floor(ports.clock.now().getTime() / 60_000);
  const done = await ports.gateway.setDefaultPaymentMethod({
    customer: owner.value,
    paymentMethod,
    idempotencyKey: `default-${owner.value}-${paymentMethod}-${minute}`,
  });
  return done.ok ? ok(null) : err({ kind: 'payment_failed', error: done.error });
}

/**
 * Adding a card without buying: a SetupIntent for the shopper's Customer (made now if they have none). One per
 * shopper and minute: a double click gets the same one.
 */
export async function startCardSetup(
  ports: PaymentMethodsPorts,
  account: Account,
): Promise<Result<{ clientSecret: string }, StripeDown>> {
  const customer = await stripeCustomerOf(ports, account);
  if (!customer.ok) return err({ kind: 'payment_failed', error: customer.error });
  const minute = Math.floor(ports.clock.now().getTime() / 60_000);
  const created = await ports.gateway.createSetupIntent({
    customer: customer.value,
    idempotencyKey: `setup-${account.id}-${minute}`,
  });
  return created.ok ? ok({ clientSecret: created.value }) : err({ kind: 'payment_failed', error: created.error });
}
