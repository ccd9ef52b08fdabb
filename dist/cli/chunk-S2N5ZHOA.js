import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  assertFunctionName
} from "./chunk-AB5N4OH2.js";
import {
  ConfigError
} from "./chunk-X27H6HXQ.js";

// src/db/sqlDb.ts
function sqlDb(sql, transport, close = () => sql.close()) {
  return {
    transport,
    async call(fn, args = {}) {
      assertFunctionName(fn);
      const names = Object.keys(args).filter((name) => args[name] !== void 0);
      for (const name of names) assertFunctionName(name);
      const named = names.map((name, i) => `${name} => $${i + 1}`).join(", ");
      const params = names.map((name) => toParam(args[name]));
      const rows = await sql.query(
        `select coalesce(json_agg(r), '[]'::json) as rows from (select * from public.${fn}(${named})) r`,
        params
      );
      return rows[0]?.rows ?? [];
    },
    close
  };
}
function toParam(value) {
  if (value === null || value === void 0) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== "object")) return value;
  if (typeof value === "object") return JSON.stringify(value);
  return value;
}

// src/db/open.ts
function chooseTransport(config) {
  if (config.supabaseUrl && config.supabaseServiceRoleKey) return "supabase";
  if (config.databaseUrl) return "postgres";
  return "embedded";
}
async function openDb(config, options = {}) {
  switch (chooseTransport(config)) {
    case "supabase": {
      const { createSupabaseDb } = await import("./chunk-OJCZ72SX.js");
      return createSupabaseDb({ url: config.supabaseUrl, serviceRoleKey: config.supabaseServiceRoleKey });
    }
    case "postgres": {
      const { openPostgresPool } = await import("./chunk-HKB43ZEZ.js");
      return sqlDb(
        openPostgresPool(config.databaseUrl, {
          max: options.poolSize ?? 5,
          allowInsecure: config.allowInsecureDatabase
        }),
        "postgres"
      );
    }
    case "embedded":
      assertKeyNamesNoDatabase(config);
      return sqlDb(await openEmbeddedLazily(config.dataDir), "embedded");
  }
}
async function openSql(config) {
  if (config.databaseUrl) {
    const { openPostgresSession } = await import("./chunk-HKB43ZEZ.js");
    return {
      sql: await openPostgresSession(config.databaseUrl, { allowInsecure: config.allowInsecureDatabase }),
      transport: "postgres"
    };
  }
  if (config.supabaseUrl) {
    throw new ConfigError(
      "This command needs a direct database connection. Set DATABASE_URL to the project's connection string (Supabase dashboard → Project Settings → Database)."
    );
  }
  assertKeyNamesNoDatabase(config);
  return { sql: await openEmbeddedLazily(config.dataDir), transport: "embedded" };
}
function assertKeyNamesNoDatabase(config) {
  if (config.supabaseServiceRoleKey && !config.supabaseUrl) {
    throw new ConfigError(
      "SUPABASE_URL is not set. SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY go together (the supabase transport needs both); set DATABASE_URL for a direct connection, or unset the key for the embedded database."
    );
  }
}
async function openEmbeddedLazily(dataDir) {
  const { openEmbedded } = await import("./chunk-DOIUSPJV.js");
  return openEmbedded(dataDir);
}

export {
  sqlDb,
  chooseTransport,
  openDb,
  openSql
};
