import { readFileSync, writeFileSync, existsSync, renameSync } from 'node:fs';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { Emulator, type EmulatorOptions } from './emulator';
import { registerResources } from './resources/index';
import { registerStripeJs } from './stripe-js/index';
import { registerControl } from './control/index';
import { registerWebhookDelivery } from './webhooks/index';
import type { StoredObject } from './state';
import { parseForm, registerBodyParsers } from './wire/body';
import { StripeApiError, stripeErrors } from './wire/errors';

export interface EmulatorServerOptions extends EmulatorOptions {
  /** Keep state in this JSON file across restarts; unset keeps it in memory only. */
  stateFile?: string;
  logger?: boolean;
  /** How long a webhook receiver may take to answer before the attempt fails (ms, wall clock). Default 10 000. */
  webhookTimeoutMs?: number;
}

export interface EmulatorServer {
  app: FastifyInstance;
  emulator: Emulator;
  /** Writes the state file now (also done shortly after every change and on close). */
  saveState(): void;
}

/** Builds the emulator's HTTP server (not listening yet). */
export async function buildEmulatorServer(options: EmulatorServerOptions = {}): Promise<EmulatorServer> {
  const emulator = new Emulator(options);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    // Query strings use the same bracket notation as bodies (expand[]=..., created[gte]=...).
    routerOptions: { querystringParser: (query) => parseForm(query) },
  });

  registerBodyParsers(app);
  // What fails before a route runs (a body too large or unparsable) still answers in Stripe's error envelope.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'emulator request failed');
    const failure =
      status === 500
        ? stripeErrors.apiError(error.message)
        : new StripeApiError(status, { type: 'invalid_request_error', message: error.message });
    void reply.code(failure.status).send({ error: failure.body });
  });

  const { stateFile } = options;
  if (stateFile && existsSync(stateFile)) {
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { objects: StoredObject[] };
    emulator.store.restore(saved.objects);
  }
  let timer: NodeJS.Timeout | null = null;
  const saveState = () => {
    if (!stateFile) return;
    const tmp = `${stateFile}.tmp`;
    writeFileSync(tmp, JSON.stringify({ objects: emulator.store.snapshot() }));
    renameSync(tmp, stateFile);
  };
  if (stateFile) {
    emulator.events.onEvent(() => {
      timer ??= setTimeout(() => {
        timer = null;
        saveState();
      }, 250);
    });
    app.addHook('onClose', async () => {
      if (timer) clearTimeout(timer);
      saveState();
    });
  }

  app.get('/', async () => ({
    name: 'storepay stripe emulator',
    api: '/v1',
    control: '/_emulator',
    stripeJs: '/js.stripe.com/v3/',
  }));
  registerResources(app, emulator);
  registerStripeJs(app, emulator);
  registerControl(app, emulator, registerWebhookDelivery(app, emulator, { timeoutMs: options.webhookTimeoutMs }));

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const error = stripeErrors.unrecognizedUrl(request.method, path);
    void reply.code(error.status).send({ error: error.body });
  });

  return { app, emulator, saveState };
}
