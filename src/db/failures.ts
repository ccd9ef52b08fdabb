/**
 * Database failures a person can fix, said in one line: what was tried, for how long, the likely
 * cause and what to do. Pure: branches on PostgreSQL / PostgREST / Node error codes found along
 * the error's cause chain, never on message text (message text is only quoted back).
 */
import { describeErrorChain, scrub } from '../lib/sanitize.ts';
import { DbError } from './types.ts';

/**
 * Codes meaning an object the migrations create is not there: the database was never migrated,
 * or is behind the code.
 */
export const MISSING_SCHEMA_CODES: Readonly<Record<string, string>> = {
  '42883': 'undefined_function',
  '42P01': 'undefined_table',
  '3F000': 'invalid_schema_name',
  '42704': 'undefined_object (a type or role)',
  PGRST202: 'PostgREST: no such function in the schema cache',
  PGRST205: 'PostgREST: no such table in the schema cache',
};

/** Connection failures: what went wrong in a few words, and the question that usually finds the fix. */
export const CONNECT_FAILURES: Readonly<Record<string, { reason: string; hint: string }>> = {
  ECONNREFUSED: { reason: 'connection refused', hint: 'is the server running and the port right?' },
  ENOTFOUND: { reason: 'host not found', hint: 'is the host name in DATABASE_URL right?' },
  EAI_AGAIN: { reason: 'host name lookup failed', hint: 'is the network up and the host name right?' },
  ETIMEDOUT: {
    reason: 'timed out',
    hint: 'can this machine reach the host (firewall, VPN, IP allow list)?',
  },
  EHOSTUNREACH: { reason: 'host unreachable', hint: 'can this machine reach the host (network, VPN)?' },
  ENETUNREACH: { reason: 'network unreachable', hint: 'can this machine reach the host (network, VPN)?' },
  '28P01': {
    reason: 'password authentication failed',
    hint: 'are the user and password in DATABASE_URL right?',
  },
  '28000': {
    reason: 'the server refused this client',
    hint: "does the server's pg_hba.conf let this user connect from here?",
  },
  '3D000': { reason: 'no such database', hint: 'is the database name in DATABASE_URL right?' },
  '57P03': { reason: 'the server is starting up or shutting down', hint: 'try again in a minute' },
};

/** The first DbError with a code along the cause chain (a retry or a label may wrap it). */
function codedDbError(error: unknown): DbError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (current instanceof DbError && current.code) return current;
    current = current.cause;
  }
  return null;
}

/**
 * How many tries a retried call made and how long it waited between them, read from the first
 * error along the chain that says (lib/retry.ts's RetryExhaustedError: `attempts`, `delaysMs`).
 */
function triesOf(error: unknown): { tries: number; waitedMs: number } | null {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    const e = current as Error & { attempts?: unknown; delaysMs?: unknown };
    if (typeof e.attempts === 'number' && Array.isArray(e.delaysMs)) {
      const waitedMs = (e.delaysMs as unknown[]).reduce<number>(
        (sum, d) => sum + (typeof d === 'number' ? d : 0),
        0,
      );
      return { tries: e.attempts, waitedMs };
    }
    current = current.cause;
  }
  return null;
}

/** True when the error says an object the migrations create is missing. */
export function isMissingSchemaError(error: unknown): boolean {
  const db = codedDbError(error);
  return db !== null && db.code! in MISSING_SCHEMA_CODES;
}

/**
 * The missing object as PostgreSQL or PostgREST names it (`function public.cron_prune`,
 * `relation public.plans`, `schema strukt`), or null when the error is not a missing-schema one.
 */
export function missingSchemaObject(error: unknown): string | null {
  const db = codedDbError(error);
  if (!db || !(db.code! in MISSING_SCHEMA_CODES)) return null;
  const m =
    /\bfunction ([\w.]+)/.exec(db.message) ??
    /(relation|schema|type|table) ["']([^"']+)["']/.exec(db.message);
  if (!m) return `an object (${db.code})`;
  return m.length === 2 ? `function ${m[1]}` : `${m[1] === 'table' ? 'relation' : m[1]} ${m[2]}`;
}

/**
 * One line for a missing schema without reading the migrations ledger (db/schemaHint.ts reads it
 * when it can): the missing object and `db migrate`.
 */
export function describeMissingObject(error: unknown): string | null {
  const object = missingSchemaObject(error);
  if (object === null) return null;
  // PostgREST's codes: the supabase transport, which runs no DDL; db migrate needs the connection string.
  const viaPostgrest = codedDbError(error)!.code!.startsWith('PGRST');
  return (
    `The database lacks ${object}, which the strukt-cron migrations create: run strukt-cron db migrate` +
    (viaPostgrest ? " with DATABASE_URL set to the project's connection string." : '.')
  );
}

/** Where a failed connection went: `127.0.0.1:5433`, `db.example.com`, or '' when the error does not say. */
function targetOf(db: DbError): string {
  const cause = db.cause as { address?: unknown; port?: unknown; hostname?: unknown } | undefined;
  const host =
    typeof cause?.address === 'string'
      ? cause.address
      : typeof cause?.hostname === 'string'
        ? cause.hostname
        : '';
  if (!host) return '';
  const shown = host.includes(':') ? `[${host}]` : host;
  return typeof cause?.port === 'number' ? `${shown}:${cause.port}` : shown;
}

/**
 * "Could not connect to PostgreSQL at 127.0.0.1:5433 (connection refused) after 3 tries over 13 s:
 * is the server running and the port right?" — or null when the error is not a failed connection.
 * The address comes from the socket error, never from the connection string: no password to leak,
 * and nothing here needs scrubbing.
 */
export function describeConnectFailure(error: unknown): string | null {
  const db = codedDbError(error);
  const known = db ? CONNECT_FAILURES[db.code!] : undefined;
  if (!db || !known) return null;
  const target = targetOf(db);
  const retried = triesOf(error);
  const after =
    retried && retried.tries > 1
      ? ` after ${retried.tries} tries over ${Math.round(retried.waitedMs / 1000)} s`
      : '';
  return `Could not connect to PostgreSQL${target ? ` at ${target}` : ''} (${known.reason})${after}: ${known.hint}`;
}

/** The one-line explanation of a connection or missing-schema failure, else null (say it another way). */
export function explainDbFailure(error: unknown): string | null {
  return describeConnectFailure(error) ?? describeMissingObject(error);
}

/**
 * The one formatter of a failure for a person to read — the CLI's last words, an action step's
 * failure, a health check's problem: a database failure someone can fix explained in one line
 * (where it failed to connect and why, or which object is missing and `db migrate`), anything
 * else as its message and causes. Always scrubbed of ids, emails, keys and configured secrets.
 */
export function describeFailure(error: unknown): string {
  return scrub(explainDbFailure(error) ?? describeErrorChain(error));
}
