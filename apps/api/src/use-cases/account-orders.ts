import type { CustomerOrderLine, CustomerRepository, StoredCustomer } from '@storepay/db';

export interface AccountOrdersPorts {
  customers: Pick<CustomerRepository, 'orders' | 'countClaimable' | 'claimOrders'>;
}

/** How many orders the history shows. */
export const ORDER_HISTORY_LIMIT = 100;

/** A signed-in shopper's orders, and how many guest orders of their email they may add to them. */
export async function accountOrders(
  ports: AccountOrdersPorts,
  customer: Pick<StoredCustomer, 'id' | 'email'>,
): Promise<{ orders: CustomerOrderLine[]; claimable: number }> {
  const [orders, claimable] = await Promise.all([
    ports.customers.orders(customer.id, ORDER_HISTORY_LIMIT),
    ports.customers.countClaimable(customer.email),
  ]);
  return { orders, claimable };
}

/**
 * Adds the guest orders placed with the account's email to the account. The email is the account's own, proven by
 * the link that signed the shopper in; an order another account holds is never taken.
 */
export async function claimGuestOrders(
  ports: AccountOrdersPorts,
  customer: Pick<StoredCustomer, 'id' | 'email'>,
): Promise<{ claimed: number }> {
  return { claimed: await ports.customers.claimOrders(customer.id, customer.email) };
}
