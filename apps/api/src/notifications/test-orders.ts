// Orders for the notification tests, written as the webhook worker leaves them.
import type { TestDatabase } from '@storepay/db/testing';

/** Paid orders of one product, each with its `order.paid` outbox row (as a webhook leaves them). */
export async function paidOrdersWithConfirmation(db: TestDatabase, count: number, locale = 'en') {
  const product = await db.prisma.product.create({
    data: { slug: `mug-${Math.random().toString(36).slice(2)}`, name: 'Enamel mug', description: 'A mug' },
  });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const order = await db.prisma.order.create({
      data: {
        currency: 'eur',
        amount: 1200,
        email: `shopper${i}@example.com`,
        status: 'paid',
        paidAt: new Date(),
        locale,
        items: { create: [{ productId: product.id, name: 'Enamel mug', unitAmount: 1200, quantity: 1 }] },
      },
    });
    ids.push(order.id);
  }
  await db.prisma.outboxMessage.createMany({
    data: ids.map((orderId) => ({ orderId, kind: 'order.paid', dedupeKey: `order-paid:${orderId}`, payload: {} })),
  });
  return ids;
}
