import pg from 'pg';
import { ConfigError } from '../lib/errors.ts';
import { warnOnce } from '../lib/warnOnce.ts';
import { planTls, sslOptions, type TlsPlanOptions } from './tls.ts';
import { DbError, type SqlClient } from './types.ts';

// count(*) and other bigints arrive as strings by default; every figure we read fits a double.
const BIGINT_OID = 20;
pg.types.setTypeParser(BIGINT_OID, (value) => Number(value));

export interface PostgresOptions extends TlsPlanOptions {
  /** Says that a connection's certificate goes unchecked without the URL asking for that. @default process.emitWarning, once */
  warn?: (message: string) => void;
}

/** A pool for the `postgres` transport. Every connection works in UTC, encrypted as `planTls` decides. */
export function openPostgresPool(url: string, options: PostgresOptions & { max?: number } = {}): SqlClient {
  const pool = new pg.Pool({ ...clientConfig(url, options), max: options.max ?? 5 });
  // An idle client that loses its connection must not crash the process; the next query reports it.
  pool.on('error', () => {});
  return sqlClientOf(pool, () => pool.end());
}

/** One session, for work that needs it (advisory locks, transactions across statements). */
export async function openPostgresSession(url: string, options: PostgresOptions = {}): Promise<SqlClient> {
  const client = new pg.Client(clientConfig(url, options));
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw toDbError(error);
  }
  return sqlClientOf(client, () => client.end());
}

/**
 * node-postgres settings with `ssl` always set, so neither its own reading of `sslmode` nor
 * PGSSLMODE in the environment decides whether a connection is encrypted.
 */
function clientConfig(url: string, options: PostgresOptions): pg.ClientConfig {
  const plan = planTls(url, options);
  if ('error' in plan) throw new ConfigError(`Invalid DATABASE_URL: ${plan.error}.`);
  if (plan.warning) (options.warn ?? warnOnce)(plan.warning);
  let ssl: pg.ClientConfig['ssl'];
  try {
    ssl = sslOptions(plan);
  } catch (error) {
    // A certificate file that is missing or unreadable is a setting to fix, not a database error.
    throw new ConfigError((error as Error).message, { cause: error });
  }
  return { connectionString: plan.connectionString, ssl, options: '-c timezone=UTC' };
}

function sqlClientOf(queryable: pg.Pool | pg.Client, end: () => Promise<void>): SqlClient {
  return {
    async query<Row>(text: string, params: unknown[] = []) {
      try {
        const result = await queryable.query(text, params);
        return result.rows as Row[];
      } catch (error) {
        throw toDbError(error);
      }
    },
    async exec(text: string) {
      try {
        await queryable.query(text);
      } catch (error) {
        throw toDbError(error);
      }
    },
    close: end,
  };
}

/**
 * Node's codes for a server certificate that failed the check sslmode=verify-ca/verify-full asked
 * for: not signed by the CA in sslrootcert, expired, or issued for another host.
 */
const CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** node-postgres's words (it gives no code) when TLS was asked for and the server offers none. */
const NO_TLS_MESSAGE = 'The server does not support SSL connections';

export function toDbError(error: unknown): DbError {
  if (error instanceof DbError) return error;
  const e = error as { message?: string; code?: string; detail?: string; hint?: string };
  if (e.code && CERTIFICATE_CODES.has(e.code)) {
    return new DbError(
      `The database server's certificate failed verification (${e.code}: ${e.message}). Expected a ` +
        'certificate signed by the CA in sslrootcert and, with sslmode=verify-full, issued for the host in DATABASE_URL ' +
        '(Supabase: its CA from Project Settings → Database; see docs/security.md).',
      { code: e.code, cause: error },
    );
  }
  if (e.message === NO_TLS_MESSAGE) {
    return new DbError(
      'The database server does not offer TLS, and DATABASE_URL asks for it (every host other than this ' +
        'machine is encrypted; see docs/security.md).',
      { cause: error },
    );
  }
  return new DbError(e.message ?? String(error), {
    code: e.code,
    details: e.detail,
    hint: e.hint,
    cause: error,
  });
}
