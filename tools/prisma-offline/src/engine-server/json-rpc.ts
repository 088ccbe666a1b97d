// JSON-RPC 2.0 over newline-delimited JSON, the schema engine's stdio protocol. The CLI sends requests on stdin
// and reads responses on stdout; the engine may itself send the CLI a `print` request (text for the CLI's
// stdout) and waits for its empty result. Requests run one at a time, in order.
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import type { UserFacingError } from './user-facing-error.ts';
import { toUserFacingError } from './user-facing-error.ts';

type Id = number | string;

interface Message {
  jsonrpc?: string;
  id?: Id | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export type MethodHandler = (params: unknown) => Promise<unknown>;

export class MethodNotFound extends Error {
  constructor(method: string) {
    super(`Method not found: ${method}`);
    this.name = 'MethodNotFound';
  }
}

/** The error code the native engine uses for every user-facing error. */
const USER_FACING_ERROR_CODE = 4466;
const METHOD_NOT_FOUND = -32601;
const PARSE_ERROR = -32700;

export interface JsonRpcPeer {
  /** Sends a request to the other side and resolves with its result. */
  request(method: string, params: unknown): Promise<unknown>;
}

export interface ServeOptions {
  input: Readable;
  output: Writable;
  /** Resolves the handler for a method; `peer` lets a handler call back into the client. */
  handle: (method: string, params: unknown, peer: JsonRpcPeer) => Promise<unknown>;
}

/** Serves requests until the input ends and every accepted request has been answered. */
export function serveJsonRpc(options: ServeOptions): Promise<void> {
  const { input, output, handle } = options;
  const pending = new Map<Id, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let queue: Promise<void> = Promise.resolve();

  const send = (message: Message): void => {
    output.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  };

  const peer: JsonRpcPeer = {
    request: (method, params) =>
      new Promise((resolve, reject) => {
        const id = `engine-${nextId++}`;
        pending.set(id, { resolve, reject });
        send({ id, method, params });
      }),
  };

  const answer = async (request: Message & { method: string }): Promise<void> => {
    const id = request.id ?? null;
    try {
      const result = await handle(request.method, request.params, peer);
      if (id !== null) send({ id, result: result ?? null });
    } catch (error) {
      if (id === null) return;
      if (error instanceof MethodNotFound) {
        send({ id, error: { code: METHOD_NOT_FOUND, message: 'Method not found' } });
        return;
      }
      const data: UserFacingError = toUserFacingError(error);
      send({
        id,
        error: { code: USER_FACING_ERROR_CODE, message: 'An error happened. Check the data field for details.', data },
      });
    }
  };

  const onLine = (line: string): void => {
    if (!line.trim()) return;
    let message: Message;
    try {
      message = JSON.parse(line) as Message;
    } catch {
      send({ id: null, error: { code: PARSE_ERROR, message: 'Parse error' } });
      return;
    }
    if (typeof message.method === 'string') {
      const request = message as Message & { method: string };
      queue = queue.then(() => answer(request));
      return;
    }
    const waiting = message.id !== undefined && message.id !== null ? pending.get(message.id) : undefined;
    if (!waiting || message.id === undefined || message.id === null) return;
    pending.delete(message.id);
    if (message.error) waiting.reject(new Error(message.error.message));
    else waiting.resolve(message.result);
  };

  return new Promise((resolve) => {
    const lines = createInterface({ input, crlfDelay: Infinity });
    lines.on('line', onLine);
    lines.on('close', () => {
      for (const waiting of pending.values()) waiting.reject(new Error('The client closed the connection.'));
      pending.clear();
      void queue.then(resolve);
    });
  });
}
