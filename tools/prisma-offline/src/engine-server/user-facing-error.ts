// Errors as the Prisma CLI expects them in a JSON-RPC error's `data`: a message, and a Prisma error code if any.
import { DatabaseProblem } from '../postgres-admin.ts';

export interface UserFacingError {
  is_panic: boolean;
  message: string;
  error_code?: string;
  meta?: Record<string, unknown>;
}

const PRISMA_ERROR_CODE = /^P\d{4}$/;

/** Removes the Rust span trace ("   0: schema_engine_wasm::…") that Wasm engine errors end with. */
export function stripSpanTrace(message: string): string {
  return message.replace(/\n\s+0: [\s\S]*$/, '').trimEnd();
}

export function toUserFacingError(error: unknown): UserFacingError {
  if (error instanceof DatabaseProblem) {
    return { is_panic: false, message: error.message, ...(error.errorCode ? { error_code: error.errorCode } : {}) };
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  // A Rust panic surfaces as a WebAssembly.RuntimeError (`unreachable`).
  const isPanic = error instanceof Error && error.name === 'RuntimeError';
  return {
    is_panic: isPanic,
    message: stripSpanTrace(message),
    ...(typeof code === 'string' && PRISMA_ERROR_CODE.test(code) ? { error_code: code } : {}),
  };
}
