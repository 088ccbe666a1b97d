import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

/** How much of a receiver's response body an attempt records. */
export const RESPONSE_BODY_LIMIT = 1024;

export interface PostOutcome {
  /** The receiver's HTTP status, or null when there was no response (timeout, connection error). */
  status: number | null;
  /** The first 1 KB of the response body. */
  body: string;
  /** Why there was no usable response, e.g. `Timed out after 10000 ms` or `connect ECONNREFUSED 127.0.0.1:1`. */
  error: string | null;
  durationMs: number;
}

/**
 * Names under `.localhost` are loopback (RFC 6761), as browsers treat them; the system's resolver often does not
 * know them (this one answers 127.0.0.1). An endpoint such as https://shop.localhost:8443/webhooks/stripe then works as it would in a browser.
 */
export const resolveLocalhostNames: LookupFunction = (hostname, options, callback) =>
  dnsLookup(/(^|\.)localhost\.?$/i.test(hostname) ? '127.0.0.1' : hostname, options, callback);

/**
 * POSTs `body` to `url` on a fresh connection and never rejects: every outcome, including a timeout over the whole
 * exchange, a refused connection or an abort through `signal`, comes back as a {@link PostOutcome}.
 */
export function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<PostOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<PostOutcome, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve({ ...outcome, durationMs: Math.round(performance.now() - started) });
    };
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      {
        method: 'POST',
        agent: false,
        lookup: resolveLocalhostNames,
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < RESPONSE_BODY_LIMIT) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () =>
          finish({
            status: response.statusCode ?? null,
            body: Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString('utf8'),
            error: null,
          }),
        );
        response.on('error', (error) =>
          finish({ status: response.statusCode ?? null, body: '', error: error.message }),
        );
      },
    );
    const timer = setTimeout(() => {
      finish({ status: null, body: '', error: `Timed out after ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    timer.unref();
    const onAbort = () => {
      finish({ status: null, body: '', error: 'Aborted (emulator reset or closed)' });
      request.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) => finish({ status: null, body: '', error: error.message || String(error) }));
    request.end(body);
  });
}
