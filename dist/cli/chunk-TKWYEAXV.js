import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);

// src/db/migrations.ts
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
var DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations/", import.meta.url));
var UP = /^(\d{14})_([a-z0-9_]+)\.sql$/;
async function readMigrations(dir = DEFAULT_MIGRATIONS_DIR) {
  const names = (await readdir(dir)).sort();
  const downDir = join(dir, "down");
  const downs = (await readdir(downDir).catch(() => [])).sort();
  for (const file of downs) {
    if (!file.endsWith(".down.sql")) continue;
    if (!names.includes(file.replace(/\.down\.sql$/, ".sql"))) {
      throw new Error(`Migration down/${file} has no matching up file in ${dir}.`);
    }
  }
  const migrations = [];
  for (const file of names) {
    if (file.endsWith(".down.sql")) {
      throw new Error(
        `Migration ${file} is in ${dir}; down migrations belong in its down/ folder (the Supabase CLI would apply it).`
      );
    }
    if (!file.endsWith(".sql")) continue;
    const match = UP.exec(file);
    if (!match) {
      throw new Error(`Invalid migration file name '${file}'. Expected <14-digit timestamp>_<name>.sql.`);
    }
    const downFile = file.replace(/\.sql$/, ".down.sql");
    if (!downs.includes(downFile)) {
      throw new Error(`Migration ${file} has no down/${downFile}: every migration must be reversible.`);
    }
    const up = await readFile(join(dir, file), "utf8");
    const down = await readFile(join(downDir, downFile), "utf8");
    migrations.push({
      version: match[1],
      name: match[2],
      file,
      up,
      down,
      checksum: createHash("sha256").update(up).digest("hex")
    });
  }
  return migrations;
}

// src/db/migrate.ts
var LEDGER = "strukt_meta.schema_migrations";
var SUPABASE_LEDGER = "supabase_migrations.schema_migrations";
var MIGRATE_LOCK_KEY = 741120251;
async function migrateUp(sql, options = {}) {
  const files = await readMigrations(options.dir);
  return withMigrateLock(sql, async () => {
    const supabase = await readSupabaseLedger(sql);
    const applied = await adoptSupabaseApplied(sql, files, supabase, options);
    assertUnchanged(files, applied);
    const done = [];
    for (const m of files) {
      if (applied.has(m.version)) continue;
      await inTransaction(
        sql,
        async () => {
          await sql.exec(m.up);
          await sql.query(`insert into ${LEDGER} (version, name, checksum) values ($1, $2, $3)`, [
            m.version,
            m.name,
            m.checksum
          ]);
          if (supabase) await recordInSupabaseLedger(sql, supabase, m);
        },
        m.file
      );
      options.onStep?.({ direction: "up", file: m.file });
      done.push(m.file);
    }
    if (done.length > 0) await reloadPostgrestSchema(sql);
    return done;
  });
}
async function migrateDown(sql, steps, options = {}) {
  if (steps !== "all" && (!Number.isInteger(steps) || steps < 1)) {
    throw new Error(`Invalid --steps '${steps}'. Expected a whole number from 1 up, or --all.`);
  }
  const files = await readMigrations(options.dir);
  return withMigrateLock(sql, async () => {
    const supabase = await readSupabaseLedger(sql);
    const applied = await adoptSupabaseApplied(sql, files, supabase, options);
    const byVersion = new Map(files.map((m) => [m.version, m]));
    const versions = [...applied.keys()].sort().reverse();
    const chosen = steps === "all" ? versions : versions.slice(0, steps);
    const done = [];
    for (const version of chosen) {
      const m = byVersion.get(version);
      if (!m)
        throw new Error(`Cannot roll back ${version}: its files are missing from the migrations folder.`);
      await inTransaction(
        sql,
        async () => {
          await sql.exec(m.down);
          await sql.query(`delete from ${LEDGER} where version = $1`, [version]);
          if (supabase) await sql.query(`delete from ${SUPABASE_LEDGER} where version = $1`, [version]);
        },
        m.file.replace(/\.sql$/, ".down.sql")
      );
      options.onStep?.({ direction: "down", file: m.file });
      done.push(m.file);
    }
    if (done.length > 0) await reloadPostgrestSchema(sql);
    return done;
  });
}
async function migrationStatus(sql, options = {}) {
  const files = await readMigrations(options.dir);
  const [ledger] = await sql.query(
    `select to_regclass($1::text) is not null as exists`,
    [LEDGER]
  );
  const applied = ledger?.exists ? await readLedger(sql) : /* @__PURE__ */ new Map();
  const supabase = await readSupabaseLedger(sql);
  return files.map((m) => {
    const row = applied.get(m.version);
    return {
      version: m.version,
      name: m.name,
      file: m.file,
      applied: row !== void 0 || (supabase?.versions.has(m.version) ?? false),
      appliedAt: row?.applied_at ?? null,
      changed: row !== void 0 && row.checksum !== m.checksum
    };
  });
}
async function ensureLedger(sql) {
  await sql.exec(`
    create schema if not exists strukt_meta;
    create table if not exists ${LEDGER} (
      version text primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    );`);
}
async function readLedger(sql) {
  const rows = await sql.query(
    `select version, checksum, to_char(applied_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as applied_at
     from ${LEDGER} order by version`
  );
  return new Map(rows.map((r) => [r.version, r]));
}
async function readSupabaseLedger(sql) {
  const [table] = await sql.query(
    `select to_regclass($1::text) is not null as exists,
            exists (select 1 from pg_attribute
                    where attrelid = to_regclass($1::text) and attname = 'name' and not attisdropped) as has_name`,
    [SUPABASE_LEDGER]
  );
  if (!table?.exists) return null;
  const rows = await sql.query(`select version from ${SUPABASE_LEDGER}`);
  return { versions: new Set(rows.map((r) => r.version)), hasName: table.has_name };
}
async function adoptSupabaseApplied(sql, files, supabase, options) {
  const applied = await readLedger(sql);
  if (!supabase) return applied;
  const adopted = files.filter((m) => !applied.has(m.version) && supabase.versions.has(m.version));
  if (adopted.length === 0) return applied;
  for (const m of adopted) {
    await sql.query(
      `insert into ${LEDGER} (version, name, checksum) values ($1, $2, $3) on conflict (version) do nothing`,
      [m.version, m.name, m.checksum]
    );
    options.onStep?.({ direction: "adopt", file: m.file });
  }
  return readLedger(sql);
}
async function recordInSupabaseLedger(sql, supabase, m) {
  if (supabase.hasName) {
    await sql.query(
      `insert into ${SUPABASE_LEDGER} (version, name, statements) values ($1, $2, array[$3::text]) on conflict do nothing`,
      [m.version, m.name, m.up]
    );
  } else {
    await sql.query(
      `insert into ${SUPABASE_LEDGER} (version, statements) values ($1, array[$2::text]) on conflict do nothing`,
      [m.version, m.up]
    );
  }
}
function assertUnchanged(files, applied) {
  const byVersion = new Map(files.map((m) => [m.version, m]));
  for (const [version, row] of applied) {
    const m = byVersion.get(version);
    if (!m) {
      throw new Error(
        `Applied migration ${version} is missing from the migrations folder. Restore its file.`
      );
    }
    if (m.checksum !== row.checksum) {
      throw new Error(
        `Migration ${m.file} was changed after it was applied. Applied migrations must not be edited: restore the file and add a new migration for the change.`
      );
    }
  }
}
async function withMigrateLock(sql, work) {
  await sql.query("select pg_advisory_lock($1)", [MIGRATE_LOCK_KEY]);
  try {
    await ensureLedger(sql);
    return await work();
  } finally {
    await sql.query("select pg_advisory_unlock($1)", [MIGRATE_LOCK_KEY]);
  }
}
async function inTransaction(sql, work, file) {
  await sql.exec("begin");
  try {
    await work();
    await sql.exec("commit");
  } catch (error) {
    await sql.exec("rollback");
    throw new Error(`Migration ${file} failed: ${error.message}`, { cause: error });
  }
}
async function reloadPostgrestSchema(sql) {
  await sql.exec(`notify pgrst, 'reload schema'`);
}

export {
  migrateUp,
  migrateDown,
  migrationStatus
};
