import type { PaymentAnomalyKind, PaymentAnomalySource } from '@storepay/payments-core';

/** A recorded payment anomaly as the admin reads it (payment page, webhook health). */
export interface StoredPaymentAnomaly {
  orderId: string | null;
  paymentIntentId: string;
  kind: PaymentAnomalyKind;
  source: PaymentAnomalySource;
  eventId: string | null;
  expected: string | number | boolean | null;
  actual: string | number | boolean | null;
  detectedAt: Date;
}

type Scalar = string | number | boolean | null;
const scalar = (value: unknown): Scalar =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;

/** A `payment_anomalies` row (its kind and source were written from the closed lists) as the admin reads it. */
export function storedPaymentAnomaly(row: {
  orderId: string | null;
  stripePaymentIntentId: string;
  kind: string;
  source: string;
  stripeEventId: string | null;
  details: unknown;
  detectedAt: Date;
}): StoredPaymentAnomaly {
  const details = (typeof row.details === 'object' && row.details !== null ? row.details : {}) as Record<
    string,
    unknown
  >;
  return {
    orderId: row.orderId,
    paymentIntentId: row.stripePaymentIntentId,
    kind: row.kind as PaymentAnomalyKind,
    source: row.source as PaymentAnomalySource,
    eventId: row.stripeEventId,
    expected: scalar(details.expected),
    actual: scalar(details.actual),
    detectedAt: row.detectedAt,
  };
}
