import { ConfigError } from '../lib/errors.ts';
import { sqlDb } from './sqlDb.ts';
import type { Db, SqlClient, Transport } from './types.ts';

/** What choosing and opening a transport reads; the loaded Config has all of it (src/config/config.ts). */
export interface DbConfig {
  supabaseUrl: string | null;
  supabaseServiceRoleKey: string | null;
  databaseUrl: string | null;
  allowInsecureDatabase: boolean;
  dataDir: string;
}

/** Supabase when its URL and key are set, else DATABASE_URL, else the embedded database (DESIGN §4). */
export function chooseTransport(config: DbConfig): Transport {
  if (config.supabaseUrl && config.supabaseServiceRoleKey) return 'supabase';
  if (config.databaseUrl) return 'postgres';
  return 'embedded';
}

/**
 * Opens the `Db` the jobs use, on the transport the configuration selects. Each transport's
 * client library (supabase-js, pg, PGlite) is imported only when chosen: the CLI starts without
 * loading the two it does not use.
 */
export async function openDb(config: DbConfig, options: { poolSize?: number } = {}): Promise<Db> {
  switch (chooseTransport(config)) {
    case 'supabase': {
      const { createSupabaseDb } = await import('./supabase.ts');
      return createSupabaseDb({ url: config.supabaseUrl!, serviceRoleKey: config.supabaseServiceRoleKey! });
    }
    case 'postgres': {
      const { openPostgresPool } = await import('./postgres.ts');
      return sqlDb(
        openPostgresPool(config.databaseUrl!, {
          max: options.poolSize ?? 5,
          allowInsecure: config.allowInsecureDatabase,
        }),
        'postgres',
      );
    }
    case 'embedded':
      assertKeyNamesNoDatabase(config);
      return sqlDb(await openEmbeddedLazily(config.dataDir), 'embedded');
  }
}

/**
 * Raw SQL for migrations and seeding: DATABASE_URL or the embedded database. The supabase
 * transport has none (PostgREST runs no DDL): use the project's connection string as DATABASE_URL.
 */
export async function openSql(config: DbConfig): Promise<{ sql: SqlClient; transport: Transport }> {
  if (config.databaseUrl) {
    const { openPostgresSession } = await import('./postgres.ts');
    return {
      sql: await openPostgresSession(config.databaseUrl, { allowInsecure: config.allowInsecureDatabase }),
      transport: 'postgres',
    };
  }
  if (config.supabaseUrl) {
    throw new ConfigError(
      "This command needs a direct database connection. Set DATABASE_URL to the project's connection string " +
        '(Supabase dashboard → Project Settings → Database).',
    );
  }
  assertKeyNamesNoDatabase(config);
  return { sql: await openEmbeddedLazily(config.dataDir), transport: 'embedded' };
}

/**
 * SUPABASE_SERVICE_ROLE_KEY without SUPABASE_URL (which serve and invoke --url take as their bearer
 * key) is refused where it would otherwise open the embedded database: a forgotten URL must not
 * quietly run the jobs on an empty local one.
 */
function assertKeyNamesNoDatabase(config: DbConfig): void {
  if (config.supabaseServiceRoleKey && !config.supabaseUrl) {
    throw new ConfigError(
      'SUPABASE_URL is not set. SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY go together (the supabase ' +
        'transport needs both); set DATABASE_URL for a direct connection, or unset the key for the embedded database.',
    );
  }
}

/**
 * A module of its own, imported when used: the GitHub action and edge-function bundles, which
 * always have a real database, leave it out (scripts/build-actions.mjs stubs it).
 */
async function openEmbeddedLazily(dataDir: string): Promise<SqlClient> {
  const { openEmbedded } = await import('./embedded.ts');
  return openEmbedded(dataDir);
}
