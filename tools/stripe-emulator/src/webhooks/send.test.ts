import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from './send';

describe('postWebhook', () => {
  let server: Server;
  let port: number;
  const received: { host?: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ host: request.headers.host, body });
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reaches a *.localhost endpoint on loopback (RFC 6761), naming the host it was given', async () => {
    const outcome = await postWebhook(`http://shop.localhost:${port}/webhooks/stripe`, '{"id":"evt_1"}', {}, 5_000);
    expect(outcome).toMatchObject({ status: 200, body: 'ok', error: null });
    expect(received.at(-1)).toEqual({ host: `shop.localhost:${port}`, body: '{"id":"evt_1"}' });
  });

  it('resolves other names as the system does: an unknown one is an error, not loopback', async () => {
    const outcome = await postWebhook(`http://shop.localhost.invalid:${port}/`, '{}', {}, 5_000);
    expect(outcome.status).toBeNull();
    expect(outcome.error).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });
});
