// The webhooks benchmark's baseline: a bare Fastify route in its own process, `GET /` and `POST /` answering
// `{ok: true}` (the POST parses its JSON body, as any route would). Usage: bare-server.ts <port>
import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 0);
const app = Fastify({ logger: false });
app.get('/', async () => ({ ok: true }));
app.post('/', async () => ({ ok: true }));
await app.listen({ host: '127.0.0.1', port });
const stop = () => void app.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
