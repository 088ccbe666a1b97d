import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt parameters: OWASP's N=2^16, r=8, p=2 (64 MiB, ~0.3 s here). Stored with each hash, so they can change. */
export interface PasswordCost {
  N: number;
  r: number;
  p: number;
}
export const DEFAULT_PASSWORD_COST: PasswordCost = { N: 2 ** 16, r: 8, p: 2 };
const KEY_LENGTH = 64;

function derive(password: string, salt: Buffer, cost: PasswordCost): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash` (salt and hash base64url). */
export async function hashPassword(password: string, cost: PasswordCost = DEFAULT_PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when the password matches; false for a wrong password or a hash in an unknown format. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const cost = { N: Number(N), r: Number(r), p: Number(p) };
  if (![cost.N, cost.r, cost.p].every(Number.isSafeInteger)) return false;
  const actual = await derive(password, Buffer.from(salt, 'base64url'), cost);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let unknownUserHash: Promise<string> | undefined;

/** Spends the time of a real check for an unknown email, so a response's timing does not tell who has an account. */
export async function verifyAgainstNobody(password: string): Promise<false> {
  unknownUserHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await unknownUserHash);
  return false;
}
