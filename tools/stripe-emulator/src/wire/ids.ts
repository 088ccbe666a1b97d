import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A Stripe-shaped id: `pi_` + 24 random base62 characters. */
export function newId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${out}`;
}

/** `pi_123_secret_abc`: what Stripe.js receives and sends back with the publishable key. */
export function newClientSecret(objectId: string): string {
  return `${objectId}_secret_${newId('x').slice(2)}`;
}
