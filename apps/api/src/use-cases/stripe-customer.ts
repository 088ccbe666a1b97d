import type { CustomerRepository, StoredCustomer } from '@storepay/db';
import { ok, type PaymentError, type Result } from '@storepay/payments-core';
import type { PaymentGateway } from '@storepay/payments-core/server';

export interface StripeCustomerPorts {
  customers: Pick<CustomerRepository, 'setStripeCustomer'>;
  gateway: Pick<PaymentGateway, 'createCustomer'>;
}

/**
 * The Stripe Customer of an account, made the first time one is needed: with our account's id in its metadata and
 * an idempotency key derived from the account, so concurrent first checkouts reach Stripe with one key and get one
 * Customer; the first one recorded is the account's.
 */
export async function stripeCustomerOf(
  ports: StripeCustomerPorts,
  account: Pick<StoredCustomer, 'id' | 'email' | 'stripeCustomerId'>,
): Promise<Result<string, PaymentError>> {
  if (account.stripeCustomerId) return ok(account.stripeCustomerId);
  const created = await ports.gateway.createCustomer({
    accountId: account.id,
    email: account.email,
    idempotencyKey: `customer-${account.id}`,
  });
  if (!created.ok) return created;
  return ok(await ports.customers.setStripeCustomer(account.id, created.value.id));
}
