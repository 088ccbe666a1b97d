import type { Product } from '@storepay/payments-core';
import { vi } from 'vitest';

export const tote: Product = {
  id: '6f1c1c8e-4a51-4c55-9a4e-1f0a8d3b2c01',
  slug: 'linen-tote',
  name: 'Linen tote',
  description: 'A sturdy everyday bag in washed linen.',
  imageUrl: null,
  prices: [
    { currency: 'usd', unitAmount: 2400 },
    { currency: 'eur', unitAmount: 2250 },
    { currency: 'jpy', unitAmount: 3600 },
  ],
};

export const mug: Product = {
  id: '0d6a2c55-93b0-4bb8-8f0e-2a7b3f9d4c02',
  slug: 'ceramic-mug',
  name: 'Ceramic mug',
  description: 'Stoneware, 350 ml, dishwasher safe.',
  imageUrl: 'https://images.example.test/mug.jpg',
  prices: [
    { currency: 'usd', unitAmount: 1850 },
    { currency: 'jpy', unitAmount: 2800 },
  ],
};

export const scarf: Product = {
  id: 'a3e9f4b2-1c7d-4e8a-b5f6-3d2c1b0a9e03',
  slug: 'wool-scarf',
  name: 'Wool scarf',
  description: 'Merino wool, woven in Portugal.',
  imageUrl: null,
  prices: [{ currency: 'eur', unitAmount: 4500 }],
};

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** Replaces global fetch; each call gets the next responder (the last one repeats). */
export function mockFetch(...responders: Array<() => Response | Promise<Response>>) {
  let call = 0;
  const fetchMock = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit): Promise<Response> => {
    const responder = responders[Math.min(call, responders.length - 1)];
    call += 1;
    if (!responder) throw new Error('mockFetch needs at least one responder');
    return responder();
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
