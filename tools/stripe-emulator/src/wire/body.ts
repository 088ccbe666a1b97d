import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import qs from 'qs';
import { stripeErrors } from './errors';
import type { Params } from './params';

// Request bodies as Stripe takes them: form-encoded bracket parameters, or multipart/form-data for file uploads
// (`POST /v1/files`), whose text fields use the same bracket names and whose file parts become Uploads.

/** The largest multipart body accepted (the largest file any emulated purpose allows, plus room for the fields). */
export const MULTIPART_BODY_LIMIT = 17 * 1024 * 1024;

/** One file part of a multipart/form-data body. */
export interface Upload {
  filename: string;
  /** The part's declared content type (`application/octet-stream` when it names none). */
  contentType: string;
  data: Buffer;
}

export interface RequestBody {
  params: Params;
  /** File parts by field name; empty for form-encoded bodies. */
  uploads: Record<string, Upload>;
}

/** `a[b]=1&c[]=2` into nested params, as bodies and query strings use it. */
export function parseForm(body: string): Params {
  return qs.parse(body, { depth: 10, arrayLimit: 1000, parameterLimit: 10_000, allowPrototypes: false });
}

/** Form bodies parsed into params; multipart bodies kept as their raw bytes until a route reads them. */
export function registerBodyParsers(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseForm(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit: MULTIPART_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );
}

async function parseMultipart(body: Buffer, contentType: string): Promise<RequestBody> {
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw stripeErrors.invalidRequest(
      'Invalid multipart/form-data body: it could not be parsed (check the boundary and the part headers).',
    );
  }
  const fields = new URLSearchParams();
  const uploads: Record<string, Upload> = {};
  for (const [name, value] of form) {
    if (typeof value === 'string') {
      fields.append(name, value);
    } else {
      uploads[name] = {
        filename: value.name,
        contentType: value.type || 'application/octet-stream',
        data: Buffer.from(await value.arrayBuffer()),
      };
    }
  }
  return { params: parseForm(fields.toString()), uploads };
}

/** The body of a POST: its params, and for multipart its file parts too. */
export async function readBody(request: FastifyRequest): Promise<RequestBody> {
  const { body } = request;
  if (Buffer.isBuffer(body)) return parseMultipart(body, request.headers['content-type'] ?? '');
  return { params: (body ?? {}) as Params, uploads: {} };
}

/** What identifies the uploads of a request for its idempotency key: names, types and a digest of the bytes. */
export function uploadsFingerprint(uploads: Record<string, Upload>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(uploads).map(([name, upload]) => [
      name,
      {
        filename: upload.filename,
        contentType: upload.contentType,
        sha256: createHash('sha256').update(upload.data).digest('hex'),
      },
    ]),
  );
}
