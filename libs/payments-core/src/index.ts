// Browser-safe entry point: nothing here may import Node built-ins, `stripe`, or ./server.
export * from './money/currency';
export * from './money/money';
export * from './domain/order-status';
export * from './domain/ids';
export * from './domain/result';
export * from './domain/payment-errors';
export * from './domain/pricing';
export * from './domain/payment-status';
export * from './contract/catalog';
export * from './contract/checkout';
export * from './contract/api-client';
export * from './contract/admin';
export * from './domain/webhook-events';
export * from './domain/refund-policy';
export * from './domain/idempotency-key';
export * from './webhooks';
