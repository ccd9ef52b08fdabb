import { createHash } from 'node:crypto';

/**
 * Structured logs, one JSON line each, scoped by job, run id and shard. Fields must never hold
 * names, emails, message or digest text; user ids only through `userRef`.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: Record<string, unknown>): Logger;
}

export type LogSink = (line: string) => void;

export function createLogger(
  sink: LogSink,
  scope: Record<string, unknown> = {},
  now = () => new Date(),
): Logger {
  const write = (level: string, message: string, fields: Record<string, unknown> = {}) =>
    sink(JSON.stringify({ time: now().toISOString(), level, message, ...scope, ...fields }));
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    child: (more) => createLogger(sink, { ...scope, ...more }, now),
  };
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = createLogger(() => {});

/** A short, stable, non-reversible reference to a user for logs: 10 hex chars of sha256. */
export function userRef(userId: string): string {
  return 'u_' + createHash('sha256').update(userId).digest('hex').slice(0, 10);
}
