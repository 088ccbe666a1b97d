import type { CustomerRepository, CustomerSummary, PrivacyRepository } from '@storepay/db';
import {
  err,
  ok,
  type AdminCustomer,
  type AdminCustomerDetail,
  type OrderStatus,
  type Result,
  type StaffRole,
} from '@storepay/payments-core';
import type { PaymentGateway } from '@storepay/payments-core/server';
import { notificationLabel } from './deliver-notifications';
import { notFound, type NotFound } from './refusals';
import { iso, maskEmail, maskRecipients, masksEmails } from './views';

const customerView = (customer: CustomerSummary, masked: boolean): AdminCustomer => ({
  id: customer.id,
  email: masked ? maskEmail(customer.email) : customer.email,
  stripeCustomerId: customer.stripeCustomerId,
  createdAt: customer.createdAt.toISOString(),
  lastSignInAt: iso(customer.lastSignInAt),
  orders: customer.orders,
});

/**
 * The admin's customer search: by part of an email, an account id or a Stripe Customer id. Those who see emails
 * masked find an account by its whole email only: a search by parts would spell the addresses out to them.
 */
export async function searchCustomers(
  ports: { customers: Pick<CustomerRepository, 'search'> },
  { q, limit, role }: { q?: string; limit: number; role: StaffRole },
): Promise<{ customers: AdminCustomer[]; emailsMasked: boolean }> {
  const masked = masksEmails(role);
  const found = await ports.customers.search({ q, limit, exactEmail: masked });
  return { customers: found.map((customer) => customerView(customer, masked)), emailsMasked: masked };
}

/**
 * One account for staff: its orders with their payments' cards (brand and last 4 digits: all Stripe ever gives),
 * the cards saved to its Stripe Customer (null when Stripe could not be asked: the page still shows the rest), and
 * the emails sent to it, recipients masked.
 */
export async function customerDetail(
  ports: {
    customers: Pick<CustomerRepository, 'find'>;
    privacy: Pick<PrivacyRepository, 'recordsOf'>;
    gateway: Pick<PaymentGateway, 'listSavedCards'>;
  },
  { id, role }: { id: string; role: StaffRole },
): Promise<Result<AdminCustomerDetail, NotFound>> {
  const account = await ports.customers.find(id);
  if (!account) return err(notFound('customer'));
  const records = await ports.privacy.recordsOf(account.email, { events: false });
  const masked = masksEmails(role);
  const payments = new Map(records.payments.map((payment) => [payment.orderId, payment]));
  let savedCards: AdminCustomerDetail['savedCards'] = [];
  if (account.stripeCustomerId) {
    const listed = await ports.gateway.listSavedCards(account.stripeCustomerId);
    savedCards = listed.ok
      ? listed.value.cards.map(({ brand, last4, expMonth, expYear, id: cardId }) => ({
          brand,
          last4,
          expMonth,
          expYear,
          isDefault: cardId === listed.value.defaultId,
        }))
      : null;
  }
  const accountOrders = records.orders.filter((order) => order.customerId === account.id);
  return ok({
    customer: customerView(
      { ...account, lastSignInAt: records.account?.lastSignInAt ?? null, orders: accountOrders.length },
      masked,
    ),
    emailsMasked: masked,
    orders: accountOrders
      .map((order) => {
        const payment = payments.get(order.id);
        return {
          id: order.id,
          status: order.status as OrderStatus,
          amount: order.amount,
          amountRefunded: order.amountRefunded,
          currency: order.currency,
          createdAt: order.createdAt.toISOString(),
          payment: payment
            ? { status: payment.status, cardBrand: payment.cardBrand, cardLast4: payment.cardLast4 }
            : null,
        };
      })
      .reverse(),
    savedCards,
    notifications: records.notifications
      .map((message) => ({
        id: message.id,
        orderId: message.orderId,
        label: notificationLabel(message.kind),
        status: message.status,
        recipient: maskRecipients(message.recipient),
        createdAt: message.createdAt.toISOString(),
        sentAt: iso(message.sentAt),
      }))
      .reverse(),
  });
}
