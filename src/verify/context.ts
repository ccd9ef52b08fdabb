import type { Config } from '../config/config.ts';
import { chooseTransport, openDb, openSql } from '../db/open.ts';
import { sqlDb } from '../db/sqlDb.ts';
import type { Db, SqlClient } from '../db/types.ts';
import { describeError } from '../lib/sanitize.ts';
import { skip, type Skipped, type VerifyContext, type VerifyOptions } from './types.ts';

export interface VerifySession extends VerifyContext {
  /** Closes whatever was opened; a failure to close is returned as a warning, never thrown. */
  close(): Promise<string | null>;
}

/**
 * A server that drops packets leaves a connect hanging for minutes; every check waits on the
 * same connection, so give up once, early, and let the rest report "not reachable" at once.
 */
export const CONNECT_TIMEOUT_MS = 10_000;

/** Why the raw-SQL checks do not run on a supabase transport without DATABASE_URL. */
export const NEEDS_DATABASE_URL =
  'needs DATABASE_URL: the supabase transport has only RPC, and this check reads the catalog or switches roles';

/**
 * The connections verify uses, opened on first need and shared by every check. On the direct
 * transports one SQL session serves both raw SQL and the jobs' Db (PGlite allows a single
 * connection, and one session keeps the role-switching transactions away from the dry runs).
 */
export function createVerifySession(input: {
  config: Config | null;
  configError: string | null;
  options: VerifyOptions;
  now?: () => Date;
}): VerifySession {
  const { config, configError, options } = input;
  const transport = config ? chooseTransport(config) : null;
  const memos = new Map<string, Promise<unknown>>();
  let sqlOpening: Promise<SqlClient> | undefined;
  let dbOpening: Promise<Db> | undefined;

  const unreachable = (error: unknown): Skipped => ({
    ...skip('the database is not reachable (see database / reachable)'),
    detail: describeError(error),
  });
  const invalidConfig = skip('the configuration is invalid (see configuration / environment)');

  const openRawSql = (): Promise<SqlClient> => {
    sqlOpening ??= withConnectTimeout(openSql(config!).then(({ sql }) => sql));
    return sqlOpening;
  };

  async function sql(): Promise<SqlClient | Skipped> {
    if (!config) return invalidConfig;
    if (transport === 'supabase' && !config.databaseUrl) return skip(NEEDS_DATABASE_URL);
    try {
      return await openRawSql();
    } catch (error) {
      return unreachable(error);
    }
  }

  async function db(): Promise<Db | Skipped> {
    if (!config) return invalidConfig;
    try {
      if (transport === 'supabase') {
        dbOpening ??= openDb(config);
      } else {
        // Closing this Db must not close the shared session; the session closes once, at the end.
        dbOpening ??= openRawSql().then((s) => sqlDb(s, transport!, async () => {}));
      }
      return await dbOpening;
    } catch (error) {
      return unreachable(error);
    }
  }

  return {
    config,
    configError,
    transport,
    options,
    sql,
    db,
    now: input.now ?? (() => new Date()),
    memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
      let value = memos.get(key) as Promise<T> | undefined;
      if (!value) {
        value = compute();
        memos.set(key, value);
      }
      return value;
    },
    async close() {
      const problems: string[] = [];
      // Only what actually opened: a connection that failed to open was already reported by a check.
      const opened = await Promise.allSettled([dbOpening, sqlOpening].filter((o) => o !== undefined));
      for (const outcome of opened) {
        if (outcome.status !== 'fulfilled') continue;
        try {
          await outcome.value.close();
        } catch (error) {
          problems.push(describeError(error));
        }
      }
      return problems.length > 0 ? `could not close the database connection: ${problems.join('; ')}` : null;
    },
  };
}

function withConnectTimeout(opening: Promise<SqlClient>): Promise<SqlClient> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Should it connect after all, nobody will use it: close it then.
      opening.then((sql) => sql.close()).catch(() => {});
      reject(new Error(`no connection within ${CONNECT_TIMEOUT_MS / 1000} s`));
    }, CONNECT_TIMEOUT_MS);
    timer.unref?.();
  });
  return Promise.race([opening, timeout]).finally(() => clearTimeout(timer));
}
