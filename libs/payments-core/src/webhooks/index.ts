export * from './stripe-event-shapes';
export * from './event-ordering';
export * from './retry-policy';
export * from './handlers';
export * from './settlement';
