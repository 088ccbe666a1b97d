import type { Database } from '../client';
import { prismaOf } from './test-database';

/**
 * Holds the row locks of these PaymentIntents' payments (`SELECT … FOR UPDATE` in an open transaction) until the
 * returned `release` is called: a test stops a worker at a known point (blocked on its first payment) this way.
 */
export async function holdPaymentLocks(
  db: Database,
  paymentIntentIds: readonly string[],
): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const locked = new Promise<void>((resolve) => (held = resolve));
  const transaction = prismaOf(db).$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM payments WHERE stripe_payment_intent_id = ANY(${[...paymentIntentIds]}) FOR UPDATE`;
      held();
      await released;
    },
    { timeout: 120_000 },
  );
  await Promise.race([locked, transaction]);
  return async () => {
    release();
    await transaction;
  };
}
