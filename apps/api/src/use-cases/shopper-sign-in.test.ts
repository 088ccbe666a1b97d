import { describe, expect, it } from 'vitest';
import {
  findShopperSession,
  issueSignInToken,
  redeemSignInLink,
  requestSignInLink,
  signOutShopper,
  SIGN_IN_LINK_KIND,
} from './shopper-sign-in';
import { inMemoryCustomers } from './testing/in-memory-customers';
import { inMemoryLimits } from './testing/in-memory-limits';
import { inMemoryOutbox } from './testing/in-memory-outbox';
import { inMemoryStore } from './testing/in-memory-store';

const MINUTE = 60_000;

function setup(rules: Parameters<typeof inMemoryLimits>[1] = {}) {
  const { clock } = inMemoryStore();
  const customers = inMemoryCustomers();
  const outbox = inMemoryOutbox(clock);
  const { limits } = inMemoryLimits(clock, rules);
  let n = 0;
  const tokens = { newToken: () => `token-${++n}-${'x'.repeat(24)}`, tokenHash: (token: string) => `hash(${token})` };
  const ports = {
    customers: customers.repository,
    outbox: outbox.repository,
    tokens,
    limits,
    clock,
    linkTtlMs: 15 * MINUTE,
    sessionTtlMs: 30 * 24 * 60 * MINUTE,
  };
  return { ports, customers, outbox, clock };
}

describe('shopper sign-in by emailed link', () => {
  it('queues a link for any address with the same answer, and stores no token until it is sent', async () => {
    const { ports, outbox, customers } = setup();
    expect(
      await requestSignInLink(ports, { email: ' Ada@Example.com ', locale: 'de', clientIp: '198.51.100.7' }),
    ).toEqual({ ok: true, value: { sent: true } });
    expect(await requestSignInLink(ports, { email: 'nobody@example.com', clientIp: '198.51.100.7' })).toEqual({
      ok: true,
      value: { sent: true },
    });
    expect(outbox.rows.map((row) => [row.kind, row.orderId, row.payload])).toEqual([
      [SIGN_IN_LINK_KIND, null, { email: 'ada@example.com', locale: 'de' }],
      [SIGN_IN_LINK_KIND, null, { email: 'nobody@example.com', locale: 'en' }],
    ]);
    expect(customers.tokens.size).toBe(0);
    expect(customers.customers.size).toBe(0);
  });

  it('limits links per address and per email, whether or not the email has an account', async () => {
    const { ports } = setup({
      shopper_link_ip: { points: 2, seconds: 600 },
      shopper_link_email: { points: 2, seconds: 600 },
    });
    const ask = (email: string, clientIp = '198.51.100.7') => requestSignInLink(ports, { email, clientIp });
    expect((await ask('a@example.com')).ok).toBe(true);
    expect((await ask('A@example.com', '203.0.113.9')).ok).toBe(true);
    expect(await ask('a@example.com', '203.0.113.10')).toMatchObject({
      ok: false,
      error: { kind: 'rate_limited', limit: 'shopper_link_email' },
    });
    expect((await ask('b@example.com')).ok).toBe(true);
    expect(await ask('c@example.com')).toMatchObject({ ok: false, error: { limit: 'shopper_link_ip' } });
  });

  it('signs in once with a link: the account is made, a session begins; the link never works again', async () => {
    const { ports, customers } = setup();
    const token = await issueSignInToken(ports, 'Ada@example.com');
    expect([...customers.tokens.keys()]).toEqual([`hash(${token})`]);
    const signedIn = await redeemSignInLink(ports, { token, locale: 'fr' });
    expect(signedIn).toMatchObject({ ok: true, value: { customer: { email: 'ada@example.com', locale: 'fr' } } });
    if (!signedIn.ok) return;
    const session = await findShopperSession(ports, signedIn.value.token);
    expect(session?.customer.id).toBe(signedIn.value.customer.id);
    expect(session?.csrfToken).toBe(signedIn.value.csrfToken);
    expect(await redeemSignInLink(ports, { token })).toEqual({ ok: false, error: { kind: 'sign_in_link_invalid' } });

    // A second link for the same address signs into the same account.
    const again = await redeemSignInLink(ports, { token: await issueSignInToken(ports, 'ada@EXAMPLE.com') });
    expect(again.ok && again.value.customer.id).toBe(signedIn.value.customer.id);
    expect(customers.customers.size).toBe(1);
  });

  it('refuses an expired or unknown link alike', async () => {
    const { ports, clock } = setup();
    const token = await issueSignInToken(ports, 'ada@example.com');
    clock.advance(15 * MINUTE);
    expect(await redeemSignInLink(ports, { token })).toEqual({ ok: false, error: { kind: 'sign_in_link_invalid' } });
    expect(await redeemSignInLink(ports, { token: 'made-up-token-000000000000' })).toEqual({
      ok: false,
      error: { kind: 'sign_in_link_invalid' },
    });
  });

  it('ends a session on sign-out and after its lifetime', async () => {
    const { ports, clock } = setup();
    const first = await redeemSignInLink(ports, { token: await issueSignInToken(ports, 'ada@example.com') });
    const second = await redeemSignInLink(ports, { token: await issueSignInToken(ports, 'ada@example.com') });
    if (!first.ok || !second.ok) throw new Error('no sign-in');
    await signOutShopper(ports, first.value.token);
    expect(await findShopperSession(ports, first.value.token)).toBeNull();
    expect(await findShopperSession(ports, second.value.token)).not.toBeNull();
    clock.advance(30 * 24 * 60 * MINUTE);
    expect(await findShopperSession(ports, second.value.token)).toBeNull();
  });
});
