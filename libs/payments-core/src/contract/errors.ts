import { z } from 'zod/mini';

/** The error envelope every API error uses: a stable code, a message safe to show, and the fields that are wrong. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.optional(z.record(z.string(), z.string())),
  }),
});
