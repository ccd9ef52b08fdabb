import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import { openPostgresPool, openPostgresSession } from './postgres.ts';
import { sqlDb } from './sqlDb.ts';
import { createSupabaseDb } from './supabase.ts';
import type { Db, SqlClient, Transport } from './types.ts';

type DbConfig = Pick<
  Config,
  'supabaseUrl' | 'supabaseServiceRoleKey' | 'databaseUrl' | 'allowInsecureDatabase' | 'dataDir'
>;

/** Supabase when its URL and key are set, else DATABASE_URL, else the embedded database (DESIGN §4). */
export function chooseTransport(config: DbConfig): Transport {
  if (config.supabaseUrl && config.supabaseServiceRoleKey) return 'supabase';
  if (config.databaseUrl) return 'postgres';
  return 'embedded';
}

/** Opens the `Db` the jobs use, on the transport the configuration selects. */
export async function openDb(config: DbConfig, options: { poolSize?: number } = {}): Promise<Db> {
  switch (chooseTransport(config)) {
    case 'supabase':
      return createSupabaseDb({ url: config.supabaseUrl!, serviceRoleKey: config.supabaseServiceRoleKey! });
    case 'postgres':
      return sqlDb(
        openPostgresPool(config.databaseUrl!, {
          max: options.poolSize ?? 5,
          allowInsecure: config.allowInsecureDatabase,
        }),
        'postgres',
      );
    case 'embedded':
      return sqlDb(await openEmbeddedLazily(config.dataDir), 'embedded');
  }
}

/**
 * Raw SQL for migrations and seeding: DATABASE_URL or the embedded database. The supabase
 * transport has none (PostgREST runs no DDL): use the project's connection string as DATABASE_URL.
 */
export async function openSql(config: DbConfig): Promise<{ sql: SqlClient; transport: Transport }> {
  if (config.databaseUrl)
    return {
      sql: await openPostgresSession(config.databaseUrl, { allowInsecure: config.allowInsecureDatabase }),
      transport: 'postgres',
    };
  if (config.supabaseUrl) {
    throw new ConfigError(
      "This command needs a direct database connection. Set DATABASE_URL to the project's connection string " +
        '(Supabase dashboard → Project Settings → Database).',
    );
  }
  return { sql: await openEmbeddedLazily(config.dataDir), transport: 'embedded' };
}

/**
 * PGlite (and its WebAssembly) is loaded only when the embedded database is used, so the
 * GitHub action and edge-function bundles, which always have a real database, leave it out.
 */
async function openEmbeddedLazily(dataDir: string): Promise<SqlClient> {
  const { openEmbedded } = await import('./embedded.ts');
  return openEmbedded(dataDir);
}
