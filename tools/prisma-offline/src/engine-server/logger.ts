// The engine's stderr: one JSON object per line, shaped like the native engine's tracing output. The Prisma CLI
// collects `fields.message` of each line and reports the last ERROR when the engine exits with code 1.

export type LogLevel = 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';

export interface LogLine {
  timestamp: string;
  level: LogLevel;
  fields: { message: string; error_code?: string } & Record<string, unknown>;
  target: string;
}

export const LOG_TARGET = 'schema_engine::logger';

export function formatLogLine(level: LogLevel, message: string, extra: Record<string, unknown> = {}): string {
  const line: LogLine = {
    timestamp: new Date().toISOString(),
    level,
    fields: { message, ...extra },
    target: LOG_TARGET,
  };
  return JSON.stringify(line);
}

export function log(level: LogLevel, message: string, extra?: Record<string, unknown>): void {
  process.stderr.write(`${formatLogLine(level, message, extra)}\n`);
}

/** Passes through a log line of the Wasm engine (already JSON), one line per entry. */
export function forwardEngineLog(line: string): void {
  const trimmed = line.trim();
  if (trimmed) process.stderr.write(`${trimmed}\n`);
}
