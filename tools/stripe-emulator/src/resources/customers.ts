import type Stripe from 'stripe';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { StoredObject } from '../state';
import { update } from '../state';
import { stripeErrors } from '../wire/errors';
import { newId } from '../wire/ids';
import { matchesCreated, paginate } from '../wire/list';
import { allowOnly, mergeMetadata, record, str, type Params } from '../wire/params';
import { defineRoute } from '../wire/router';

export type CustomerObject = Stripe.Customer & StoredObject;

const WRITABLE = ['email', 'name', 'phone', 'description', 'metadata', 'address', 'shipping', 'invoice_settings'];

export function getCustomer(emulator: Emulator, id: string, param = 'customer'): CustomerObject {
  const customer = emulator.store.get<CustomerObject>(id, 'customer');
  if (!customer || (customer as { deleted?: boolean }).deleted) throw stripeErrors.missing('customer', id, param);
  return customer;
}

function writableFields(params: Params, current: Partial<CustomerObject>): Partial<CustomerObject> {
  const address = record(params, 'address');
  const invoiceSettings = record(params, 'invoice_settings');
  return {
    ...(params.email !== undefined ? { email: str(params, 'email') || null } : {}),
    ...(params.name !== undefined ? { name: str(params, 'name') || null } : {}),
    ...(params.phone !== undefined ? { phone: str(params, 'phone') || null } : {}),
    ...(params.description !== undefined ? { description: str(params, 'description') || null } : {}),
    ...(address
      ? {
          address: {
            city: null,
            country: null,
            line1: null,
            line2: null,
            postal_code: null,
            state: null,
            ...address,
          },
        }
      : {}),
    ...(invoiceSettings
      ? {
          invoice_settings: {
            ...(current.invoice_settings ?? {
              custom_fields: null,
              default_payment_method: null,
              footer: null,
              rendering_options: null,
            }),
            default_payment_method: (invoiceSettings.default_payment_method as string | undefined) || null,
          },
        }
      : {}),
    metadata: mergeMetadata(current.metadata ?? {}, params),
  };
}

/** Customers: create, retrieve, update, delete, list (with `email` and `created` filters). */
export function registerCustomers(app: FastifyInstance, emulator: Emulator): void {
  defineRoute(app, emulator, 'POST', '/v1/customers', ({ params, ctx }) => {
    allowOnly(params, WRITABLE);
    const customer = {
      id: newId('cus', 14),
      object: 'customer',
      address: null,
      balance: 0,
      created: emulator.clock.now(),
      currency: null,
      default_source: null,
      delinquent: false,
      description: null,
      email: null,
      invoice_prefix: newId('x', 8).slice(2).toUpperCase(),
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      livemode: false,
      metadata: {},
      name: null,
      next_invoice_sequence: 1,
      phone: null,
      preferred_locales: [],
      shipping: null,
      tax_exempt: 'none',
      test_clock: null,
    } as unknown as CustomerObject;
    Object.assign(customer, writableFields(params, customer));
    emulator.store.insert(customer);
    emulator.events.emit(ctx, 'customer.created', customer);
    return customer;
  });

  defineRoute(app, emulator, 'GET', '/v1/customers/:id', ({ path }) => getCustomer(emulator, path.id!, 'id'));

  defineRoute(app, emulator, 'POST', '/v1/customers/:id', ({ params, path, ctx }) => {
    allowOnly(params, WRITABLE);
    const customer = getCustomer(emulator, path.id!, 'id');
    const previous = update(customer, writableFields(params, customer));
    if (Object.keys(previous).length > 0) emulator.events.emit(ctx, 'customer.updated', customer, previous);
    return customer;
  });

  defineRoute(app, emulator, 'DELETE', '/v1/customers/:id', ({ path, ctx }) => {
    const customer = getCustomer(emulator, path.id!, 'id');
    emulator.store.remove(customer.id);
    emulator.events.emit(ctx, 'customer.deleted', customer);
    return { id: customer.id, object: 'customer', deleted: true };
  });

  defineRoute(app, emulator, 'GET', '/v1/customers', ({ params, url }) => {
    allowOnly(params, ['limit', 'starting_after', 'ending_before', 'created', 'email']);
    const email = str(params, 'email');
    const items = emulator.store
      .list<CustomerObject>('customer')
      .filter((c) => (!email || c.email === email) && matchesCreated(params, c.created));
    return paginate(items, params, url);
  });
}
