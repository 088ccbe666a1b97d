import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  rawBody: string;
  headers: http.IncomingHttpHeaders;
  /** Wall clock, ms. */
  receivedAt: number;
}

/** What the receiver answers: a status, optionally a body, or `hang` to never answer. */
export type ReceiverReply = number | { status: number; body?: string } | 'hang';

export interface TestReceiver {
  url: string;
  received: ReceivedRequest[];
  /** Resolves once `count` requests have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

/**
 * A webhook receiver for tests on 127.0.0.1 and a free port. `reply(request, index)` decides each answer
 * (index counts from 0); the default answers 200.
 */
export async function startTestReceiver(
  reply: (request: ReceivedRequest, index: number) => ReceiverReply | Promise<ReceiverReply> = () => 200,
): Promise<TestReceiver> {
  const received: ReceivedRequest[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => void answerWith(entryFrom()));
    const entryFrom = () => {
      const entry = {
        rawBody: Buffer.concat(chunks).toString('utf8'),
        headers: request.headers,
        receivedAt: Date.now(),
      };
      return entry;
    };
    const answerWith = async (entry: ReceivedRequest) => {
      const index = received.push(entry) - 1;
      for (const waiter of waiters.filter((w) => received.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      const answer = await reply(entry, index);
      if (answer === 'hang') return;
      const { status, body } = typeof answer === 'number' ? { status: answer, body: undefined } : answer;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(body ?? `status ${status}`);
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    waitFor(count, timeoutMs = 5_000) {
      if (received.length >= count) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} webhook requests, got ${received.length} in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(received);
          },
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
