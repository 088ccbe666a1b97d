import { createHash } from 'node:crypto';
import {
  apiErrorSchema,
  DISPUTE_EVIDENCE_FILE_FIELDS,
  disputeEvidenceRequestSchema,
  disputeFileResponseSchema,
  disputeListSchema,
  disputeViewSchema,
} from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { orThrow } from '../http/errors';
import { EVIDENCE_FILE_TYPES, MAX_EVIDENCE_FILE_BYTES } from '../use-cases/dispute-evidence';
import { disputeView } from '../use-cases/views';
import { actorOf } from './access';

const idParams = z.object({ id: z.uuid({ error: 'must be an id' }) });
const writeResponses = {
  200: disputeViewSchema,
  400: apiErrorSchema,
  404: apiErrorSchema,
  409: apiErrorSchema,
  422: apiErrorSchema,
  503: apiErrorSchema,
};

/**
 * Disputes (see the dispute-evidence use cases): the list by evidence deadline with the amounts at risk, won and
 * lost; one dispute with its evidence draft; saving the draft, uploading a document into it (the raw file as the
 * body, its type as Content-Type: PDF, JPEG or PNG up to 5 MB), and submitting it to Stripe.
 */
export const disputeRoutes: FastifyPluginAsyncZod = async (app) => {
  // Evidence documents arrive as their own bytes (no multipart): kept as a buffer for the Files API.
  for (const type of EVIDENCE_FILE_TYPES) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_EVIDENCE_FILE_BYTES }, (_request, body, done) =>
      done(null, body),
    );
  }

  app.get(
    '/api/admin/disputes',
    {
      config: { access: 'viewer' },
      schema: {
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(200) }),
        response: { 200: disputeListSchema, 400: apiErrorSchema },
      },
    },
    async (request) => app.useCases.listDisputes(request.query),
  );

  app.get(
    '/api/admin/disputes/:id',
    {
      config: { access: 'viewer' },
      schema: { params: idParams, response: { 200: disputeViewSchema, 400: apiErrorSchema, 404: apiErrorSchema } },
    },
    async (request) => {
      const dispute = await app.useCases.findDispute(request.params.id);
      return disputeView(
        orThrow(dispute ? { ok: true, value: dispute } : { ok: false, error: { kind: 'not_found', what: 'dispute' } }),
      );
    },
  );

  app.put(
    '/api/admin/disputes/:id/evidence',
    {
      config: { access: 'support' },
      schema: { params: idParams, body: disputeEvidenceRequestSchema, response: writeResponses },
    },
    async (request) =>
      disputeView(
        orThrow(
          await app.useCases.saveDisputeEvidence({
            disputeId: request.params.id,
            evidence: request.body.evidence,
            actor: actorOf(request),
          }),
        ),
      ),
  );

  app.post(
    '/api/admin/disputes/:id/files',
    {
      config: { access: 'support' },
      bodyLimit: MAX_EVIDENCE_FILE_BYTES,
      schema: {
        params: idParams,
        querystring: z.object({
          field: z.enum(DISPUTE_EVIDENCE_FILE_FIELDS, {
            error: `must be one of ${DISPUTE_EVIDENCE_FILE_FIELDS.join(', ')}`,
          }),
          name: z.string().min(1).max(200).default('evidence'),
        }),
        response: { 201: disputeFileResponseSchema, ...writeResponses },
      },
    },
    async (request, reply) => {
      const data = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      const { fileId } = orThrow(
        await app.useCases.attachDisputeFile({
          disputeId: request.params.id,
          field: request.query.field,
          file: { name: request.query.name, type, data, sha256: createHash('sha256').update(data).digest('hex') },
          actor: actorOf(request),
        }),
      );
      return reply.code(201).send({ fileId, field: request.query.field });
    },
  );

  app.post(
    '/api/admin/disputes/:id/submit',
    { config: { access: 'support' }, schema: { params: idParams, response: writeResponses } },
    async (request) =>
      disputeView(
        orThrow(await app.useCases.submitDisputeEvidence({ disputeId: request.params.id, actor: actorOf(request) })),
      ),
  );
};
