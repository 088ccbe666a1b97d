import type { AddressInfo } from 'node:net';
import { buildEmulatorServer, type EmulatorServer, type EmulatorServerOptions } from './server';

export { API_VERSION, Emulator } from './emulator';
export type { EmulatorServerOptions } from './server';
export { EmulatorControl, ControlApiError, type ApiFaultInput, type WebhookFaultInput } from './control/client';
export {
  startTestReceiver,
  type ReceivedRequest,
  type ReceiverReply,
  type TestReceiver,
} from './webhooks/test-receiver';

export interface RunningEmulator extends EmulatorServer {
  /** Base URL, e.g. http://127.0.0.1:12111 */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts an emulator; `port: 0` (the default here) picks a free port, for tests. */
export async function startEmulator(
  options: EmulatorServerOptions & { port?: number; host?: string } = {},
): Promise<RunningEmulator> {
  const server = await buildEmulatorServer(options);
  await server.app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const { port } = server.app.server.address() as AddressInfo;
  return {
    ...server,
    port,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () => server.app.close(),
  };
}
