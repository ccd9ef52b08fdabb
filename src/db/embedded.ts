import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { DbError, type SqlClient } from './types.ts';

/**
 * PGlite (PostgreSQL in WASM) in this process: the demo's and the laptop's database.
 * `dataDir` null keeps everything in memory (tests).
 */
export async function openEmbedded(dataDir: string | null): Promise<SqlClient> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const pg = new PGlite(dataDir ?? undefined);
  await pg.waitReady;
  await pg.exec(`set timezone = 'UTC'`);
  return {
    async query<Row>(text: string, params: unknown[] = []) {
      try {
        const result = await pg.query<Row>(text, params);
        return result.rows;
      } catch (error) {
        throw embeddedError(error);
      }
    },
    async exec(text: string) {
      try {
        await pg.exec(text);
      } catch (error) {
        throw embeddedError(error);
      }
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
  };
}

export function embeddedError(error: unknown): DbError {
  const e = error as { message?: string; code?: string; detail?: string; hint?: string };
  return new DbError(e.message ?? String(error), {
    code: e.code,
    details: e.detail,
    hint: e.hint,
    cause: error,
  });
}
