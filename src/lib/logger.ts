/**
 * Structured logs, scoped by job, run id and shard: one JSON line each, or, for a person at a
 * terminal, one human-readable line (`23:41:02 info  run started  job=weekly-digest run=1a2b3c4d`).
 * The format is the sink's, chosen once when the logger is made. Fields must never hold names,
 * emails, message or digest text; user ids only through the job context's `userRef`
 * (src/lib/userRef.ts).
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: Record<string, unknown>): Logger;
}

export type LogSink = (line: string) => void;

/** `json`: one JSON object per line, for machines and CI logs. `text`: one readable line, for a terminal. */
export const LOG_FORMATS = ['json', 'text'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type LogLevel = 'info' | 'warn' | 'error';

/** One log line before it is formatted: the scope's fields first, then the call's. */
export interface LogEntry {
  time: Date;
  level: LogLevel;
  message: string;
  fields: Record<string, unknown>;
}

export interface LoggerOptions {
  /** @default 'json' */
  format?: LogFormat;
  /** @default () => new Date() */
  now?: () => Date;
}

export function createLogger(sink: LogSink, options: LoggerOptions = {}): Logger {
  const format = options.format === 'text' ? formatTextLine : formatJsonLine;
  return scopedLogger(sink, format, options.now ?? (() => new Date()), {});
}

function scopedLogger(
  sink: LogSink,
  format: (entry: LogEntry) => string,
  now: () => Date,
  scope: Record<string, unknown>,
): Logger {
  const write = (level: LogLevel, message: string, fields: Record<string, unknown> = {}) =>
    sink(format({ time: now(), level, message, fields: { ...scope, ...fields } }));
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    child: (more) => scopedLogger(sink, format, now, { ...scope, ...more }),
  };
}

/** `{"time":"…","level":"info","message":"run started","job":"weekly-digest",…}` */
export function formatJsonLine(entry: LogEntry): string {
  return JSON.stringify({
    time: entry.time.toISOString(),
    level: entry.level,
    message: entry.message,
    ...entry.fields,
  });
}

/**
 * `23:41:02 info  run started  job=weekly-digest shard=0/1 run=1a2b3c4d as_of=2025-11-09T20:00:00.000Z`:
 * the local time of day, the level, the message, then `key=value` pairs. Nested objects are
 * flattened (`counts.succeeded=3`), empty ones left out; a string with spaces, quotes or `=` is
 * quoted as JSON, so one entry is always one line.
 */
export function formatTextLine(entry: LogEntry): string {
  const pairs: string[] = [];
  flatten('', entry.fields, pairs);
  const message = entry.message.replace(/[\r\n]+/g, ' ');
  return `${clock(entry.time)} ${entry.level.padEnd(5)} ${message}${pairs.length > 0 ? `  ${pairs.join(' ')}` : ''}`;
}

function flatten(prefix: string, fields: Record<string, unknown>, into: string[]): void {
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (isPlainObject(value)) flatten(name, value, into);
    else into.push(`${name}=${textValue(value)}`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function textValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=\\]+$/.test(value) ? value : JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return JSON.stringify(value) ?? String(value);
}

function clock(time: Date): string {
  return [time.getHours(), time.getMinutes(), time.getSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = createLogger(() => {});
