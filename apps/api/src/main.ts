import closeWithGrace from 'close-with-grace';
import { buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { startTracing } from './tracing/tracing';
import { buildWorkerApp } from './webhooks/worker-app';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`api: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const config = readConfig();
// Worker mode (API_MODE=worker or --worker): only the webhook worker, no HTTP server.
const workerMode = config.mode === 'worker' || process.argv.includes('--worker');
// Before the app: the database client and the HTTP server are instrumented as they are made.
const tracing = await startTracing({
  serviceName: config.tracing.serviceName ?? (workerMode ? 'storepay-worker' : 'storepay-api'),
  endpoint: config.tracing.endpoint,
});
const app = await (workerMode ? buildWorkerApp({ config, tracing }) : buildApp({ config, tracing })).catch(
  (error: unknown) => {
    process.stderr.write(`api: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

let shuttingDown = false;
if (!workerMode) {
  // Once shutdown has begun, a response closes its connection. The server stops listening and closes the idle
  // connections at once, but a keep-alive connection whose request was in flight would otherwise stay open after its
  // response, holding the close (and the exit) until the client dropped it or close-with-grace gave up with exit 1.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (shuttingDown) void reply.header('connection', 'close');
    done(null, payload);
  });
}

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  shuttingDown = true;
  if (err) app.log.error({ err }, 'shutting down after an error');
  else app.log.info({ signal }, 'shutting down');
  await app.close();
});

try {
  if (workerMode) await app.ready();
  else await app.listen({ host: config.host, port: config.port });
} catch (error) {
  app.log.error({ err: error }, 'could not listen');
  await app.close();
  process.exit(1);
}
