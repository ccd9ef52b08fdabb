import pg from 'pg';
import { DbError, type SqlClient } from './types.ts';

// count(*) and other bigints arrive as strings by default; every figure we read fits a double.
const BIGINT_OID = 20;
pg.types.setTypeParser(BIGINT_OID, (value) => Number(value));

/** A pool for the `postgres` transport. Every connection works in UTC. */
export function openPostgresPool(url: string, options: { max?: number } = {}): SqlClient {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 5, options: '-c timezone=UTC' });
  // An idle client that loses its connection must not crash the process; the next query reports it.
  pool.on('error', () => {});
  return sqlClientOf(pool, () => pool.end());
}

/** One session, for work that needs it (advisory locks, transactions across statements). */
export async function openPostgresSession(url: string): Promise<SqlClient> {
  const client = new pg.Client({ connectionString: url, options: '-c timezone=UTC' });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw toDbError(error);
  }
  return sqlClientOf(client, () => client.end());
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

export function toDbError(error: unknown): DbError {
  if (error instanceof DbError) return error;
  const e = error as { message?: string; code?: string; detail?: string; hint?: string };
  return new DbError(e.message ?? String(error), {
    code: e.code,
    details: e.detail,
    hint: e.hint,
    cause: error,
  });
}
