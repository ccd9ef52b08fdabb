import { createRequire as __strukt_createRequire } from 'node:module';
const require = __strukt_createRequire(import.meta.url);
import {
  executeRun
} from "./chunk-BPACY45L.js";
import {
  countConsentingUsers
} from "./chunk-RH4IOXCH.js";
import {
  migrationStatus
} from "./chunk-TKWYEAXV.js";
import {
  silentLogger
} from "./chunk-IQT6D2IH.js";
import "./chunk-JNB2SOGZ.js";
import {
  chooseTransport,
  openDb,
  openSql,
  sqlDb
} from "./chunk-S2N5ZHOA.js";
import {
  expectedHttpsUrl,
  isSecureHttpUrl
} from "./chunk-SZQFPEZS.js";
import {
  recentRuns
} from "./chunk-6YYR66XQ.js";
import {
  DbError,
  PG
} from "./chunk-AB5N4OH2.js";
import "./chunk-DZ4QOFLO.js";
import "./chunk-4I4YWPP6.js";
import "./chunk-26K63QEV.js";
import "./chunk-2G6JPB32.js";
import "./chunk-UZ5JGIKX.js";
import "./chunk-SIPP5JH7.js";
import "./chunk-VCRIN6ZY.js";
import "./chunk-GATFU3MK.js";
import {
  describeError,
  scrub
} from "./chunk-6IGIM6DF.js";
import "./chunk-4WWU7CHW.js";
import "./chunk-24W4TJKO.js";
import {
  JOBS
} from "./chunk-W4GVEMGZ.js";
import "./chunk-HZUTH2YY.js";
import "./chunk-X27H6HXQ.js";
import "./chunk-PO4BBYRD.js";
import "./chunk-2VMIIVX7.js";
import "./chunk-GWVEPKG7.js";
import {
  APIConnectionError,
  APIError,
  OpenAI
} from "./chunk-L6ZWD2HZ.js";
import "./chunk-PUGRNUUZ.js";

// src/verify/keys.ts
var BASE64URL = /^[A-Za-z0-9_-]+$/;
function keyShape(key) {
  if (/\s/.test(key)) return { kind: "unknown", why: "it contains whitespace (a copy-paste slip?)" };
  if (key.startsWith("sb_secret_")) return { kind: "secret" };
  if (key.startsWith("sb_publishable_")) return { kind: "publishable" };
  const parts = key.split(".");
  if (parts.length !== 3 || !parts.every((p) => p !== "" && BASE64URL.test(p))) {
    return { kind: "unknown", why: `it is neither a JWT (three base64url parts) nor an sb_ key` };
  }
  const header = decodePart(parts[0]);
  const payload = decodePart(parts[1]);
  if (!header || typeof header.alg !== "string") {
    return { kind: "unknown", why: "its first part is not a JWT header" };
  }
  if (!payload) return { kind: "unknown", why: "its payload is not a JSON object" };
  const role = typeof payload.role === "string" ? payload.role : null;
  const expiresAt = typeof payload.exp === "number" ? new Date(payload.exp * 1e3) : null;
  return { kind: "jwt", role, expiresAt };
}
function judgeKey(key, wanted, now) {
  const shape = keyShape(key);
  const secretKind = wanted === "service_role" ? "secret" : "publishable";
  switch (shape.kind) {
    case "jwt":
      if (shape.role !== wanted) {
        return { ok: false, reason: `a JWT with role ${shape.role ?? "(none)"}; expected role ${wanted}` };
      }
      if (shape.expiresAt && shape.expiresAt.getTime() <= now.getTime()) {
        return {
          ok: false,
          reason: `a JWT with role ${wanted} that expired ${shape.expiresAt.toISOString()}`
        };
      }
      return { ok: true, reason: `a JWT with role ${wanted} (value hidden)` };
    case "secret":
    case "publishable":
      if (shape.kind !== secretKind) {
        return {
          ok: false,
          reason: `an sb_${shape.kind}_ key; expected ${wanted === "anon" ? "the anon key" : "a secret key"}`
        };
      }
      return { ok: true, reason: `an sb_${shape.kind}_ key (value hidden)` };
    case "unknown":
      return { ok: false, reason: `not a Supabase API key: ${shape.why}` };
  }
}
function decodePart(part) {
  try {
    const value = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

// src/verify/types.ts
function isSkipped(outcome) {
  return typeof outcome === "object" && outcome !== null && outcome.skipped === true;
}
var pass = (reason) => ({ ok: true, reason });
var fail = (reason, fix) => ({ ok: false, reason, fix });
var skip = (reason) => ({ skipped: true, reason });
var warn = (reason, fix) => ({ warn: true, reason, fix });
function isWarned(outcome) {
  return typeof outcome === "object" && outcome !== null && outcome.warn === true;
}
function listOf(items, max = 6) {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}

// src/verify/config.ts
var LOCAL_HOSTS = /* @__PURE__ */ new Set(["localhost", "127.0.0.1", "[::1]", "host.docker.internal"]);
var environment = {
  group: "configuration",
  name: "environment",
  async run(ctx) {
    if (!ctx.config) {
      return fail(
        ctx.configError ?? "the environment could not be read",
        "Correct the variables named above (docs/deployment.md lists them): the supabase transport needs SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY together, the postgres transport DATABASE_URL alone."
      );
    }
    const why = {
      supabase: "SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY are set",
      postgres: "DATABASE_URL is set",
      embedded: "neither Supabase nor DATABASE_URL is set"
    }[ctx.transport];
    return pass(`valid; transport ${ctx.transport} (${why})`);
  }
};
var databaseSettings = {
  group: "configuration",
  name: "database settings",
  async run(ctx) {
    const config = ctx.config;
    if (!config) return skip("the configuration is invalid (see configuration / environment)");
    const parts = [];
    if (config.supabaseUrl) {
      const url = checkSupabaseUrl(config.supabaseUrl);
      if (!url.ok) return url;
      parts.push(url.reason);
    }
    if (config.databaseUrl) {
      const url = checkDatabaseUrl(config.databaseUrl);
      if (!url.ok) return url;
      parts.push(url.reason);
    }
    if (ctx.transport === "embedded") {
      parts.push(
        `embedded database in ${config.dataDir} (for a laptop or the demo; production uses Supabase)`
      );
    }
    return pass(parts.join("; "));
  }
};
var serviceRoleKey = {
  group: "configuration",
  name: "service-role key",
  async run(ctx) {
    const key = ctx.config?.supabaseServiceRoleKey;
    if (!ctx.config) return skip("the configuration is invalid (see configuration / environment)");
    if (!key)
      return skip(`SUPABASE_SERVICE_ROLE_KEY is not set (transport ${ctx.transport} does not use it)`);
    const judged = judgeKey(key, "service_role", ctx.now());
    if (judged.ok) return pass(`SUPABASE_SERVICE_ROLE_KEY is ${judged.reason}`);
    return fail(
      `SUPABASE_SERVICE_ROLE_KEY is ${judged.reason}`,
      "Set SUPABASE_SERVICE_ROLE_KEY to the project's service_role key (Dashboard → Project Settings → API); the anon key cannot run the job functions."
    );
  }
};
var openaiSettings = {
  group: "configuration",
  name: "OpenAI settings",
  async run(ctx) {
    const config = ctx.config;
    if (!config) return skip("the configuration is invalid (see configuration / environment)");
    const where = config.openaiBaseUrl ? "a custom OPENAI_BASE_URL" : "OpenAI's API";
    if (!config.openaiApiKey) {
      return skip(
        `OPENAI_API_KEY is not set: digests and plans can only be written offline (--ai offline); model ${config.openaiModel}`
      );
    }
    if (!config.openaiBaseUrl && !config.openaiApiKey.startsWith("sk-")) {
      return fail(
        "OPENAI_API_KEY does not start with 'sk-' as OpenAI's keys do (value hidden)",
        "Set OPENAI_API_KEY to a key from the OpenAI dashboard (API keys), or set OPENAI_BASE_URL for a proxy."
      );
    }
    return pass(`OPENAI_API_KEY is set (value hidden); model ${config.openaiModel} via ${where}`);
  }
};
var anonKey = {
  group: "configuration",
  name: "anon key",
  async run(ctx) {
    const key = ctx.options.anonKey;
    if (!key) return skip("pass --anon-key to check the API as anon");
    const judged = judgeKey(key, "anon", ctx.now());
    if (judged.ok) return pass(`--anon-key is ${judged.reason}`);
    return fail(
      `--anon-key is ${judged.reason}`,
      "Pass the project's anon (public) key: Dashboard → Project Settings → API. Never the service_role key."
    );
  }
};
function configurationChecks(ctx) {
  const checks = [environment, databaseSettings, serviceRoleKey, openaiSettings];
  if (ctx.options.anonKey) checks.push(anonKey);
  return checks;
}
function checkSupabaseUrl(value) {
  const fix = "Set SUPABASE_URL to the project URL, https://<project-ref>.supabase.co, without a path (Dashboard → Project Settings → API).";
  let url;
  try {
    url = new URL(value);
  } catch {
    return fail("SUPABASE_URL is not a URL", fix);
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    return fail(
      `SUPABASE_URL uses ${url.protocol.replace(":", "")} for ${url.hostname}; the service-role key would travel unencrypted`,
      fix
    );
  }
  if (url.pathname !== "/" && url.pathname !== "") {
    return fail(`SUPABASE_URL has the path ${url.pathname}; expected the bare project URL`, fix);
  }
  const kind = url.hostname.endsWith(".supabase.co") ? "a Supabase project" : local ? "a local API" : "a custom domain";
  return pass(`SUPABASE_URL is ${url.protocol}//${url.hostname} (${kind})`);
}
function checkDatabaseUrl(value) {
  const fix = "Set DATABASE_URL to postgres://<user>:<password>@<host>:<port>/<database> (Supabase: Dashboard → Project Settings → Database).";
  let url;
  try {
    url = new URL(value);
  } catch {
    return fail("DATABASE_URL is not a URL (value hidden)", fix);
  }
  if (!url.hostname) return fail("DATABASE_URL names no host (value hidden)", fix);
  if (url.pathname.replace(/^\//, "") === "")
    return fail("DATABASE_URL names no database (value hidden)", fix);
  return pass("DATABASE_URL names a host and a database (values hidden)");
}

// src/verify/jobColumns.ts
var TIMESTAMPTZ = "timestamp with time zone";
var JOB_COLUMNS = {
  // Every candidate list pages on user_id and reads the time zone; the plan refresh reads the
  // profile fields a plan depends on (cron_plan_candidates returns them with these types).
  "public.user_profiles": {
    user_id: "uuid",
    // The first word greets the user in template digests and check-ins (never sent to OpenAI).
    full_name: "text",
    timezone: "text",
    onboarding_completed: "boolean",
    primary_goal: "text",
    experience_level: "text",
    days_per_week: "integer",
    session_minutes: "integer",
    equipment_access: "text[]",
    workout_location: "text",
    injuries: "text[]",
    conditions: "text[]",
    contraindications: "text[]",
    is_pregnant_or_breastfeeding: "boolean",
    is_recovering_from_surgery: "boolean",
    allergies: "text[]",
    intolerances: "text[]",
    diet_pattern: "text",
    faith_diet_rules: "text[]",
    daily_kcal_target: "integer",
    macro_targets: "jsonb",
    coaching_tone: "text",
    coaching_persona: "text"
  },
  // Activity, digest excerpts and, through the strukt_stress_evidence trigger, stress evidence.
  "public.ai_coach_logs": {
    id: "uuid",
    user_id: "uuid",
    user_message: "text",
    timestamp: TIMESTAMPTZ
  },
  // A workout counts at workout_date, else on its day (rows the app logged by day only).
  "public.workouts": {
    user_id: "uuid",
    workout_date: TIMESTAMPTZ,
    date: "date",
    duration_minutes: "integer"
  },
  "public.meals": {
    user_id: "uuid",
    timestamp: TIMESTAMPTZ,
    date: "date",
    calories: "numeric"
  },
  // A night counts on the morning it ends (wake_time), else when it was logged.
  "public.sleep_logs": {
    user_id: "uuid",
    duration_minutes: "integer",
    wake_time: TIMESTAMPTZ,
    created_at: TIMESTAMPTZ
  },
  "public.mood_logs": {
    user_id: "uuid",
    date: "date",
    mood_score: "integer",
    stress_level: "integer"
  },
  // Only users with an active openai_processing consent have data sent to OpenAI.
  "public.user_consents": {
    user_id: "uuid",
    consent_type: "text",
    granted: "boolean",
    withdrawn_at: TIMESTAMPTZ
  },
  // Written by cron_queue_notifications (which records each one in strukt.notification_ledger, what
  // the cooldowns read: users may edit these rows); read for the notification trends.
  "public.coach_notifications": {
    id: "uuid",
    user_id: "uuid",
    message: "text",
    type: "text",
    priority: "text",
    delivery_channel: "text",
    status: "text",
    created_at: TIMESTAMPTZ
  },
  // Written by cron_save_digests, one per (user_id, type, period_start); read by cron_user_digests.
  "public.ai_coach_notes": {
    id: "uuid",
    user_id: "uuid",
    note: "text",
    type: "text",
    period_start: TIMESTAMPTZ,
    period_end: TIMESTAMPTZ,
    generation_method: "text",
    model: "text",
    details: "jsonb",
    created_at: TIMESTAMPTZ
  },
  // Read for the latest version and its age; written by cron_save_plans; read by cron_user_plans.
  "public.plans": {
    id: "uuid",
    user_id: "uuid",
    version: "integer",
    created_at: TIMESTAMPTZ,
    plan_data: "jsonb",
    generation_method: "text",
    fallback_reason: "text",
    wellness_context: "jsonb",
    profile_snapshot: "jsonb",
    is_valid: "boolean",
    validation_errors: "jsonb"
  },
  // The run log: written by cron_record_run, read by cron_recent_runs and the monitoring functions.
  "admin.system_cron_logs": {
    id: "uuid",
    run_id: "uuid",
    function_name: "text",
    run_status: "text",
    run_time: TIMESTAMPTZ,
    duration_ms: "integer",
    attempts: "integer",
    details: "jsonb",
    error_message: "text"
  }
};
var JOB_TABLES = Object.keys(JOB_COLUMNS);
function columnLabel(table, column) {
  return `${tableLabel(table)}.${column}`;
}
function tableLabel(table) {
  return table.startsWith("public.") ? table.slice("public.".length) : table;
}
function compareJobColumns(found) {
  const byTable = /* @__PURE__ */ new Map();
  for (const f of found) {
    const columns = byTable.get(f.table) ?? /* @__PURE__ */ new Map();
    columns.set(f.column, f.type);
    byTable.set(f.table, columns);
  }
  const problems = [];
  for (const table of JOB_TABLES) {
    const columns = byTable.get(table);
    if (!columns) {
      problems.push({ kind: "table missing", table });
      continue;
    }
    for (const [column, expected] of Object.entries(JOB_COLUMNS[table])) {
      const type = columns.get(column);
      if (type === void 0) problems.push({ kind: "column missing", table, column, expected });
      else if (type !== expected) problems.push({ kind: "wrong type", table, column, expected, found: type });
    }
  }
  return problems;
}
function describeColumnProblem(problem) {
  switch (problem.kind) {
    case "table missing":
      return `${problem.table} is missing`;
    case "column missing":
      return `${columnLabel(problem.table, problem.column)} (${problem.expected}) is missing`;
    case "wrong type":
      return `${columnLabel(problem.table, problem.column)} is ${problem.found}, expected ${problem.expected}`;
  }
}

// src/verify/sql.ts
async function withSql(ctx, check) {
  const sql = await ctx.sql();
  if (isSkipped(sql)) return sql;
  return check(sql);
}
async function tryAsRole(sql, role, statement) {
  await sql.exec("begin");
  try {
    await sql.exec(`set local role ${role}`);
    const rows = await sql.query(statement);
    return { allowed: true, rows };
  } catch (error) {
    const code = error instanceof DbError ? error.code ?? "" : "";
    return { allowed: false, code, message: describeError(error) };
  } finally {
    await sql.exec("rollback");
  }
}
function isPermissionDenied(attempt) {
  return !attempt.allowed && attempt.code === PG.insufficientPrivilege;
}
async function readColumns(sql, table) {
  const rows = await sql.query(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
            pg_get_expr(d.adbin, d.adrelid) as default, a.attgenerated::text as generated
     from pg_attribute a
     left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
     where a.attrelid = to_regclass($1) and a.attnum > 0 and not a.attisdropped`,
    [table]
  );
  return new Map(rows.map((r) => [r.name, r]));
}
async function readTypesOf(sql, tables2) {
  return sql.query(
    `select t as table, a.attname as column, format_type(a.atttypid, null) as type
     from unnest($1::text[]) t
     join pg_attribute a on a.attrelid = to_regclass(t) and a.attnum > 0 and not a.attisdropped
     order by t, a.attnum`,
    [tables2]
  );
}
async function columnChecks(sql, table, column) {
  const rows = await sql.query(
    `select pg_get_constraintdef(c.oid) as def
     from pg_constraint c
     join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
     where c.conrelid = to_regclass($1) and c.contype = 'c' and cardinality(c.conkey) = 1 and a.attname = $2`,
    [table, column]
  );
  return rows.map((r) => r.def);
}
function valuesMissingFrom(checks, values) {
  return values.filter((v) => !checks.some((def) => def.includes(`'${v}'`)));
}
async function missingTables(sql, names) {
  const rows = await sql.query(
    `select t as name from unnest($1::text[]) t where to_regclass(t) is null`,
    [names]
  );
  return rows.map((r) => r.name);
}
async function readJobFunctions(sql) {
  return sql.query(
    `select p.proname as name, p.oid::regprocedure::text as signature,
            array(select format_type(t.oid, null) from unnest(p.proargtypes::oid[]) with ordinality t(oid, n)
                  order by t.n) as arg_types,
            p.prosecdef as security_definer, p.proconfig as config
     from pg_proc p
     where p.pronamespace = 'public'::regnamespace and p.proname like 'cron\\_%'
     order by p.proname, p.oid`
  );
}
function nullCall(fn) {
  if (!/^[a-z_][a-z0-9_]*$/.test(fn.name)) {
    throw new Error(`Unexpected function name '${fn.name}'. Expected a lower-case identifier.`);
  }
  const args = fn.arg_types.map((type) => `null::${type}`).join(", ");
  return `select public.${fn.name}(${args})`;
}
async function uniqueIndexOn(sql, table, columns) {
  const [row] = await sql.query(
    `select c.relname as name
     from pg_index i join pg_class c on c.oid = i.indexrelid
     where i.indrelid = to_regclass($1) and i.indisunique and i.indisvalid
       and i.indpred is null and i.indexprs is null and i.indnkeyatts = cardinality($2::text[])
       and array(select a.attname::text
                 from unnest(i.indkey::int2[]) with ordinality k(attnum, n)
                 join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
                 where k.n <= i.indnkeyatts order by 1) = array(select unnest($2::text[]) order by 1)
     order by c.relname
     limit 1`,
    [table, columns]
  );
  return row?.name ?? null;
}

// src/verify/database.ts
var REQUIRED_TABLES = [
  ...JOB_TABLES,
  "public.cron_leases",
  "strukt.notification_ledger",
  "strukt.ai_batches",
  "strukt.ai_batch_requests"
];
var MIGRATE_FIX = "Run `strukt-cron db migrate` with DATABASE_URL set to this database (it applies only what is missing).";
var reachable = {
  group: "database",
  name: "reachable",
  async run(ctx) {
    if (!ctx.config) return skip("the configuration is invalid (see configuration / environment)");
    const parts = [];
    const sql = await ctx.sql();
    if (!isSkipped(sql)) {
      const [row] = await sql.query(
        `select current_setting('server_version_num')::integer as num, current_setting('server_version') as version`
      );
      if (!row || row.num < 15e4) {
        return fail(
          `PostgreSQL ${row?.version ?? "(unknown)"} answered; the migrations need 15 or newer`,
          "Upgrade the server to PostgreSQL 15 or newer (Supabase projects already are)."
        );
      }
      parts.push(
        `PostgreSQL ${row.version} over ${ctx.transport === "supabase" ? "DATABASE_URL" : ctx.transport}`
      );
    } else if (ctx.transport !== "supabase") {
      return fail(
        sql.detail ? `the database is not reachable: ${sql.detail}` : sql.reason,
        ctx.transport === "embedded" ? "Check STRUKT_DATA_DIR points at a writable folder that no other process has open." : "Check DATABASE_URL (host, port, user, password, database) and that the server accepts connections from here."
      );
    }
    if (ctx.transport === "supabase") {
      const rpc = await probeRpc(ctx);
      if (!rpc.ok) return rpc;
      parts.push(rpc.reason);
    }
    return pass(parts.join("; "));
  }
};
async function probeRpc(ctx) {
  const db = await ctx.db();
  if (isSkipped(db))
    return fail(db.detail ?? db.reason, "Check SUPABASE_URL and that the project is not paused.");
  try {
    await recentRuns(db, { p_function_name: "generateWeeklyDigest", p_limit: 1 });
    return pass("PostgREST answers RPC with the service-role key");
  } catch (error) {
    const code = error instanceof DbError ? error.code : void 0;
    const fix = code === "PGRST202" || code === "42883" ? MIGRATE_FIX : code === "42501" ? "SUPABASE_SERVICE_ROLE_KEY is not the service_role key: set the service_role key from Project Settings → API." : code?.startsWith("PGRST3") ? "The API refused the key: set SUPABASE_SERVICE_ROLE_KEY to this project’s service_role key." : "Check SUPABASE_URL and that the project is not paused (Dashboard → Project overview).";
    return fail(`RPC cron_recent_runs failed: ${describeError(error)}`, fix);
  }
}
async function readMigrationStatus(ctx, sql) {
  return ctx.memo("migrations", async () => {
    const [ledger] = await sql.query(
      `select to_regclass('strukt_meta.schema_migrations') is not null
           or to_regclass('supabase_migrations.schema_migrations') is not null as exists`
    );
    return ledger?.exists ? migrationStatus(sql) : null;
  });
}
var migrationsApplied = {
  group: "database",
  name: "migrations applied",
  run: (ctx) => withSql(ctx, async (sql) => {
    const status = await readMigrationStatus(ctx, sql);
    if (!status)
      return fail("no migration was ever applied (strukt_meta.schema_migrations is missing)", MIGRATE_FIX);
    const pending = status.filter((m) => !m.applied).map((m) => m.file);
    if (pending.length > 0) return fail(`${pending.length} pending: ${listOf(pending, 3)}`, MIGRATE_FIX);
    return pass(`all ${status.length} applied`);
  })
};
var migrationsUnchanged = {
  group: "database",
  name: "migrations unchanged",
  run: (ctx) => withSql(ctx, async (sql) => {
    const status = await readMigrationStatus(ctx, sql);
    const applied = status?.filter((m) => m.applied) ?? [];
    if (applied.length === 0) return skip("no migration is applied yet");
    const changed = applied.filter((m) => m.changed).map((m) => m.file);
    if (changed.length > 0) {
      return fail(
        `changed after being applied: ${listOf(changed, 3)}`,
        "Restore the file(s) from git (applied migrations are never edited) and put the change in a new migration."
      );
    }
    return pass(`the ${applied.length} applied files match their recorded checksums`);
  })
};
var baseline = {
  group: "database",
  name: "Supabase baseline",
  run: (ctx) => withSql(ctx, async (sql) => {
    const [row] = await sql.query(
      `select (select count(*) from pg_roles where rolname in ('anon', 'authenticated', 'service_role')) = 3 as roles,
                coalesce((select rolbypassrls from pg_roles where rolname = 'service_role'), false) as bypass,
                to_regclass('auth.users') is not null as users,
                to_regprocedure('auth.uid()') is not null as uid,
                to_regprocedure('auth.role()') is not null as role,
                to_regnamespace('strukt') is not null as strukt`
    );
    const wanted = {
      roles: "roles anon, authenticated and service_role",
      bypass: "service_role with BYPASSRLS",
      users: "auth.users",
      uid: "auth.uid()",
      role: "auth.role()",
      strukt: "schema strukt"
    };
    const missing = Object.keys(wanted).filter((k) => !row?.[k]).map((k) => wanted[k]);
    if (missing.length > 0) return fail(`missing: ${missing.join(", ")}`, MIGRATE_FIX);
    return pass("auth schema, auth.uid()/auth.role(), the three API roles and schema strukt exist");
  })
};
var tables = {
  group: "database",
  name: "tables",
  run: (ctx) => withSql(ctx, async (sql) => {
    const missing = await missingTables(sql, REQUIRED_TABLES);
    if (missing.length > 0) return fail(`missing: ${listOf(missing)}`, MIGRATE_FIX);
    return pass(`all ${REQUIRED_TABLES.length} present (${listOf(REQUIRED_TABLES.map(tableLabel), 4)})`);
  })
};
var TIME_ZONES_FIX = "insert into strukt.time_zones select name from pg_catalog.pg_timezone_names on conflict do nothing;";
var timeZones = {
  group: "database",
  name: "time zone names",
  run: (ctx) => withSql(ctx, async (sql) => {
    const [table] = await sql.query(
      `select to_regclass('strukt.time_zones') is not null as present`
    );
    if (!table?.present) return fail("strukt.time_zones is missing", MIGRATE_FIX);
    const [row] = await sql.query(
      `select count(*)::integer as known, count(*) filter (where t.name is null)::integer as absent
         from pg_catalog.pg_timezone_names n left join strukt.time_zones t on t.name = n.name`
    );
    const { known = 0, absent = 0 } = row ?? {};
    if (absent > 0) {
      return fail(
        `${absent} of the ${known} names PostgreSQL knows are not in strukt.time_zones (its tzdata changed); users in those zones are still checked in their zone, but every page of the status check gets slower`,
        TIME_ZONES_FIX
      );
    }
    return pass(`all ${known} names PostgreSQL knows are in strukt.time_zones`);
  })
};
function databaseChecks() {
  return [reachable, migrationsApplied, migrationsUnchanged, baseline, tables, timeZones];
}

// src/verify/functions.ts
var DEPLOY_FIX = (fn) => `Deploy it: supabase functions deploy ${fn} (docs/edge-functions.md), and check --functions-url ends in /functions/v1.`;
function parseFunctionsUrl(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    return {
      error: `--functions-url '${value}' is not a URL; expected https://<ref>.supabase.co/functions/v1`
    };
  }
  if (!isSecureHttpUrl(url)) {
    return {
      error: `--functions-url uses ${url.protocol} for ${url.hostname}; expected ${expectedHttpsUrl("https://<ref>.supabase.co/functions/v1")}`
    };
  }
  return { url: url.toString().replace(/\/+$/, "") };
}
async function reach(ctx, job) {
  if (!ctx.options.functionsUrl) return skip("pass --functions-url to check the deployed functions");
  const parsed = parseFunctionsUrl(ctx.options.functionsUrl);
  if ("error" in parsed) return fail(parsed.error, DEPLOY_FIX(job.functionName));
  return { base: parsed.url };
}
function reachable2(job) {
  return {
    group: "functions",
    name: `${job.functionName} reachable`,
    async run(ctx) {
      const base = await reach(ctx, job);
      if (!("base" in base)) return base;
      let response;
      try {
        response = await ctx.options.fetch(`${base.base}/${job.functionName}`, { method: "GET" });
        await response.body?.cancel();
      } catch (error) {
        return fail(`no answer: ${describeError(error)}`, DEPLOY_FIX(job.functionName));
      }
      if (response.status === 404)
        return fail("HTTP 404: not deployed at this URL", DEPLOY_FIX(job.functionName));
      if ([502, 503, 504].includes(response.status)) {
        return fail(`HTTP ${response.status} from the platform`, DEPLOY_FIX(job.functionName));
      }
      return pass(`answers (HTTP ${response.status} to GET)`);
    }
  };
}
function rejectsMissingKey(job) {
  return {
    group: "functions",
    name: `${job.functionName} rejects a missing key`,
    async run(ctx) {
      const base = await reach(ctx, job);
      if (!("base" in base)) return base;
      let response;
      try {
        response = await ctx.options.fetch(`${base.base}/${job.functionName}`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          // A dry run, so that a function which wrongly accepts the request still writes nothing.
          body: JSON.stringify({ dryRun: true })
        });
        await response.body?.cancel();
      } catch (error) {
        return fail(`no answer: ${describeError(error)}`, DEPLOY_FIX(job.functionName));
      }
      if (response.status === 401) return pass("HTTP 401 without Authorization");
      return fail(
        `HTTP ${response.status} without Authorization; expected 401`,
        `Redeploy ${job.functionName} from this repository (its handler checks the bearer) and make sure SUPABASE_SERVICE_ROLE_KEY or STRUKT_CRON_SECRET is set in its secrets.`
      );
    }
  };
}
function answersDryRun(job) {
  return {
    group: "functions",
    name: `${job.functionName} answers a dry run`,
    timeoutMs: 6e4,
    async run(ctx) {
      const base = await reach(ctx, job);
      if (!("base" in base)) return base;
      const key = ctx.config?.cronSecret ?? ctx.config?.supabaseServiceRoleKey;
      if (!key) {
        return fail(
          "no key to call it with",
          "Set STRUKT_CRON_SECRET (or SUPABASE_SERVICE_ROLE_KEY) to the key the functions accept."
        );
      }
      let response;
      let body;
      try {
        response = await ctx.options.fetch(`${base.base}/${job.functionName}`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` },
          body: JSON.stringify({ dryRun: true })
        });
        const text = await response.text();
        try {
          body = JSON.parse(text);
        } catch {
          body = null;
        }
      } catch (error) {
        return fail(`no answer: ${describeError(error)}`, DEPLOY_FIX(job.functionName));
      }
      const answer = body ?? {};
      if (response.status === 200 && answer.success === true) {
        return pass(`HTTP 200: ${scrub(String(answer.message ?? "success"))}`);
      }
      const said = typeof answer.error === "string" ? `: ${scrub(answer.error)}` : "";
      const fix = response.status === 401 ? `The function refused the key: set STRUKT_CRON_SECRET here to the value in the function's secrets.` : `Read the function's logs: supabase functions logs ${job.functionName}.`;
      return fail(`HTTP ${response.status}${said}; expected 200 with success: true`, fix);
    }
  };
}
function functionChecks(ctx) {
  if (!ctx.options.functionsUrl) {
    return [
      {
        group: "functions",
        name: "edge functions",
        run: async () => skip("pass --functions-url to check the deployed functions")
      }
    ];
  }
  return JOBS.flatMap((job) => [reachable2(job), rejectsMissingKey(job), answersDryRun(job)]);
}

// src/verify/jobs.ts
var BATCH_FUNCTIONS = [
  "cron_batch_open",
  "cron_batch_add_requests",
  "cron_batch_submitted",
  "cron_batches_unclosed",
  "cron_batch_claim",
  "cron_batch_note_status",
  "cron_batch_users",
  "cron_batch_requests",
  "cron_batch_close",
  "cron_batch_health"
];
var JOB_FUNCTIONS = {
  "weekly-digest": [
    "cron_digest_candidates",
    "cron_digest_pending_count",
    "cron_save_digests",
    ...BATCH_FUNCTIONS
  ],
  "user-status": [
    "cron_status_candidates",
    "cron_status_pending_count",
    "cron_queue_notifications",
    "cron_activity_tracking"
  ],
  "plan-refresh": ["cron_plan_candidates", "cron_plan_pending_count", "cron_save_plans", ...BATCH_FUNCTIONS]
};
var RUN_ENGINE_FUNCTIONS = [
  "cron_acquire_lease",
  "cron_renew_lease",
  "cron_release_lease",
  "cron_record_run",
  "cron_recent_runs"
];
var MONITORING_FUNCTIONS = [
  "cron_success_rates",
  "cron_performance",
  "cron_retry_rates",
  "cron_recent_errors",
  "cron_error_analysis",
  "cron_notification_trends",
  "cron_runs_since",
  "cron_prune",
  "cron_period_runs",
  "cron_ai_consent_users",
  "cron_consent_fallbacks",
  "cron_call_retry_rates",
  "cron_user_digests",
  "cron_user_plans",
  "cron_user_notifications",
  "cron_cost_by_week"
];
var DRY_RUN_BUDGET_MS = 8e3;
function readFunctions(ctx, sql) {
  return ctx.memo("job-functions", () => readJobFunctions(sql));
}
function functionsPresent(name, wanted) {
  return {
    group: "jobs",
    name: `${name} functions`,
    run: (ctx) => withSql(ctx, async (sql) => {
      const present = new Set((await readFunctions(ctx, sql)).map((f) => f.name));
      const missing = wanted.filter((fn) => !present.has(fn));
      if (missing.length > 0) return fail(`missing: ${listOf(missing, 4)}`, MIGRATE_FIX);
      return pass(listOf([...wanted], 4));
    })
  };
}
var serviceRoleOnly = {
  group: "jobs",
  name: "functions executable by service_role only",
  run: (ctx) => withSql(ctx, async (sql) => {
    const functions = await readFunctions(ctx, sql);
    if (functions.length === 0) return fail("no public.cron_* function exists", MIGRATE_FIX);
    const rows = await sql.query(
      `select p.oid::regprocedure::text as signature,
                has_function_privilege('service_role', p.oid, 'execute') as service,
                has_function_privilege('anon', p.oid, 'execute') as anon,
                has_function_privilege('authenticated', p.oid, 'execute') as authenticated,
                (p.proacl is null or exists (select 1 from aclexplode(p.proacl) a where a.grantee = 0)) as open
         from pg_proc p
         where p.pronamespace = 'public'::regnamespace and p.proname like 'cron\\_%'`
    );
    const wrong = rows.map((r) => {
      const problems = [
        r.service ? null : "service_role may not execute",
        r.open ? "PUBLIC may execute" : null,
        r.anon && !r.open ? "anon may execute" : null,
        r.authenticated && !r.open ? "authenticated may execute" : null
      ].filter((p) => p !== null);
      return problems.length > 0 ? { signature: qualified(r.signature), problems } : null;
    }).filter((w) => w !== null);
    if (wrong.length > 0) {
      const first = wrong[0];
      return fail(
        `${wrong.length} of ${rows.length} wrong, e.g. ${first.signature}: ${first.problems.join(", ")}`,
        `Run, for each: revoke all on function ${first.signature} from public, anon, authenticated; grant execute on function ${first.signature} to service_role;`
      );
    }
    return pass(`all ${rows.length} cron_* functions: service_role yes; anon, authenticated, PUBLIC no`);
  })
};
var searchPath = {
  group: "jobs",
  name: "functions resist search_path hijacking",
  run: (ctx) => withSql(ctx, async (sql) => {
    const functions = await readFunctions(ctx, sql);
    const pinned = (f) => (f.config ?? []).some((c) => c.startsWith("search_path="));
    const unsafe = functions.filter((f) => f.security_definer && !pinned(f)).map((f) => f.name);
    if (unsafe.length > 0) {
      return fail(
        `security definer without a pinned search_path: ${listOf(unsafe, 4)}`,
        "Recreate each as security invoker, or add `set search_path = ''` to it (in a new migration)."
      );
    }
    const definers = functions.filter((f) => f.security_definer).length;
    return pass(
      `${functions.length - definers} security invoker, ${definers} definer; ${functions.filter(pinned).length} pin search_path`
    );
  })
};
function dryRun(job) {
  return {
    group: "jobs",
    name: `dry run ${job.name}`,
    timeoutMs: 25e3,
    async run(ctx) {
      const db = await ctx.db();
      if (isSkipped(db)) return db;
      const options = {
        asOf: ctx.now(),
        dryRun: true,
        users: null,
        shard: null,
        concurrency: 4,
        timeBudgetMs: DRY_RUN_BUDGET_MS,
        trigger: "cli",
        source: "cli",
        runUrl: null
      };
      let report;
      try {
        report = await executeRun(
          { job: job.name, options, ai: "openai" },
          { config: ctx.config, log: silentLogger, db }
        );
      } catch (error) {
        return fail(
          `could not start: ${describeError(error)}`,
          `Run \`strukt-cron run ${job.name} --dry-run\` to see the whole error, then docs/troubleshooting.md.`
        );
      }
      if (report.status === "error") {
        return fail(
          `${job.functionName} ${scrub(report.message)}`,
          report.errors.some((e) => /42883|PGRST202|does not exist/.test(e)) ? MIGRATE_FIX : `Run \`strukt-cron run ${job.name} --dry-run\` to see the whole report, then docs/troubleshooting.md.`
        );
      }
      const c = report.counts;
      const budget = c.remaining > 0 ? `, ${c.remaining} left at the ${DRY_RUN_BUDGET_MS / 1e3} s budget` : "";
      return pass(
        `${report.status}: ${scrub(report.message)} (${c.considered} considered${budget}, ${report.durationMs} ms)`
      );
    }
  };
}
function jobChecks() {
  return [
    ...JOBS.map((job) => functionsPresent(job.name, JOB_FUNCTIONS[job.name])),
    functionsPresent("run engine", RUN_ENGINE_FUNCTIONS),
    functionsPresent("monitoring", MONITORING_FUNCTIONS),
    serviceRoleOnly,
    searchPath,
    ...JOBS.map(dryRun)
  ];
}
function qualified(signature) {
  return signature.startsWith("public.") ? signature : `public.${signature}`;
}

// src/verify/openai.ts
var keyAccepted = {
  group: "openai",
  name: "key accepted",
  timeoutMs: 2e4,
  async run(ctx) {
    if (ctx.options.skipOpenai) return skip("--skip-openai");
    const config = ctx.config;
    if (!config) return skip("the configuration is invalid (see configuration / environment)");
    if (!config.openaiApiKey) return skip("OPENAI_API_KEY is not set");
    const client = new OpenAI({
      apiKey: config.openaiApiKey,
      baseURL: config.openaiBaseUrl ?? void 0,
      maxRetries: 0,
      timeout: 15e3,
      fetch: ctx.options.fetch
    });
    const started = Date.now();
    try {
      await client.chat.completions.create({
        model: config.openaiModel,
        messages: [{ role: "user", content: "Reply with OK." }],
        max_completion_tokens: 1
      });
      return pass(`a 1-token completion with ${config.openaiModel} succeeded (${Date.now() - started} ms)`);
    } catch (error) {
      return judge(error, config.openaiModel);
    }
  }
};
function judge(error, model) {
  const keyFix = "Set OPENAI_API_KEY to an active key (OpenAI dashboard → API keys).";
  if (error instanceof APIConnectionError) {
    return fail(
      `OpenAI did not answer: ${describeError(error)}`,
      "Check the network and OPENAI_BASE_URL (unset it to use OpenAI's own API)."
    );
  }
  if (!(error instanceof APIError)) return fail(`the request failed: ${describeError(error)}`, keyFix);
  const code = typeof error.code === "string" ? error.code : "";
  if (error.status === 401) return fail(`the key was refused (HTTP 401${code ? ` ${code}` : ""})`, keyFix);
  if (error.status === 403) {
    return fail(`the key may not use ${model} (HTTP 403${code ? ` ${code}` : ""})`, keyFix);
  }
  if (error.status === 404 || code === "model_not_found") {
    return fail(
      `model ${model} is not available to this key`,
      "Set OPENAI_MODEL to a model the key may use (default gpt-4o-mini)."
    );
  }
  if (code === "insufficient_quota") {
    return fail(
      "the key is valid but its quota is spent (insufficient_quota): runs would stop at the first digest",
      "Add credit or raise the limit in the OpenAI dashboard (Billing), or use another project key."
    );
  }
  if (error.status === 429) return pass("the key is accepted (rate-limited right now: HTTP 429)");
  if (error.status === 400)
    return pass(`the key is accepted (the probe itself was refused: HTTP 400${code ? ` ${code}` : ""})`);
  return fail(`OpenAI answered HTTP ${error.status}: ${describeError(error)}`, keyFix);
}
var consentGiven = {
  group: "openai",
  name: "users with AI consent",
  async run(ctx) {
    const config = ctx.config;
    if (!config) return skip("the configuration is invalid (see configuration / environment)");
    if (!config.openaiApiKey) return skip("OPENAI_API_KEY is not set: every user gets templates");
    const db = await ctx.db();
    if (isSkipped(db)) return db;
    const users = await countConsentingUsers(db);
    if (users === 0) {
      return warn(
        "OPENAI_API_KEY is set, but no user has an openai_processing consent: every digest and plan is a template",
        "Nothing to fix if that is expected. AI text needs a user_consents row (consent_type 'openai_processing', granted, not withdrawn), which the STRUKT app writes when a user agrees."
      );
    }
    return pass(`${users} user${users === 1 ? " has" : "s have"} an openai_processing consent`);
  }
};
function openaiChecks() {
  return [keyAccepted, consentGiven];
}

// src/verify/repository.ts
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

// src/verify/schedule.ts
var MAX_OFFSET_MINUTES = 15;
var DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
var MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
function matchesSlot(slot, cron, maxOffset = MAX_OFFSET_MINUTES) {
  const s = fields(slot);
  const c = fields(cron);
  if (!s) return { ok: false, reason: `the registry's schedule '${slot}' is not a 5-field cron` };
  if (!c) return { ok: false, reason: `'${cron}' is not a 5-field cron` };
  const names = ["hour", "day of month", "month", "day of week"];
  for (let i = 1; i < 5; i++) {
    const want = normalize(s[i], i);
    const got = normalize(c[i], i);
    if (want !== got) {
      return { ok: false, reason: `'${cron}' has ${names[i - 1]} ${c[i]}; the slot '${slot}' has ${s[i]}` };
    }
  }
  const slotMinute = plainNumber(s[0]);
  const minute = plainNumber(c[0]);
  if (slotMinute === null) {
    return s[0] === c[0] ? { ok: true } : { ok: false, reason: `'${cron}' has minute ${c[0]}; expected ${s[0]}` };
  }
  if (minute === null || minute < slotMinute || minute > slotMinute + maxOffset) {
    return {
      ok: false,
      reason: `'${cron}' runs at minute ${c[0]}; expected ${slotMinute}–${Math.min(59, slotMinute + maxOffset)} (the slot '${slot}' or up to ${maxOffset} min after)`
    };
  }
  return { ok: true };
}
function workflowCrons(text) {
  const crons = [];
  for (const match of text.matchAll(/^\s*-?\s*cron\s*:\s*(?:'([^']*)'|"([^"]*)"|([^#\n]*?))\s*(?:#.*)?$/gm)) {
    const value = (match[1] ?? match[2] ?? match[3] ?? "").trim();
    if (value) crons.push(value);
  }
  return crons;
}
function fields(cron) {
  const parts = cron.trim().split(/\s+/);
  return parts.length === 5 ? parts : null;
}
function plainNumber(field) {
  return /^\d{1,2}$/.test(field) ? Number(field) : null;
}
function normalize(field, index) {
  const lower = field.toLowerCase();
  const named = (names, offset) => lower.replace(/[a-z]{3}/g, (name) => {
    const at = names.indexOf(name);
    return at === -1 ? name : String(at + offset);
  });
  if (index === 4) return named(DAY_NAMES, 0).replace(/\b7\b/g, "0");
  if (index === 3) return named(MONTH_NAMES, 1);
  return lower;
}

// src/verify/repository.ts
var run = promisify(execFile);
var WORKFLOWS = path.join(".github", "workflows");
var BUILD_SCRIPT = path.join("scripts", "build-actions.mjs");
var workflowFiles = {
  group: "repository",
  name: "workflow files",
  async run(ctx) {
    const dir = path.join(ctx.options.repoDir, WORKFLOWS);
    const missing = JOBS.filter((job) => !existsSync(path.join(dir, job.workflow))).map((j) => j.workflow);
    if (missing.length > 0) {
      return fail(
        `missing in ${WORKFLOWS}: ${missing.join(", ")}`,
        "Restore them from git; each job needs its scheduled workflow (the registry names it in src/domain/jobs.ts)."
      );
    }
    return pass(JOBS.map((j) => j.workflow).join(", "));
  }
};
function workflowSchedule(job) {
  return {
    group: "repository",
    name: `${job.workflow} schedule`,
    async run(ctx) {
      const file = path.join(ctx.options.repoDir, WORKFLOWS, job.workflow);
      if (!existsSync(file)) return skip(`${job.workflow} is missing (see workflow files)`);
      const crons = workflowCrons(await readFile(file, "utf8"));
      const fix = `Set on.schedule in ${WORKFLOWS}/${job.workflow} to the slot '${job.schedule}' (src/domain/jobs.ts), optionally up to ${MAX_OFFSET_MINUTES} minutes later at an odd minute.`;
      if (crons.length === 0) return fail("no on.schedule cron: the job would never run by itself", fix);
      for (const cron of crons) {
        const match = matchesSlot(job.schedule, cron);
        if (!match.ok) return fail(match.reason, fix);
      }
      return pass(`${crons.map((c) => `'${c}'`).join(", ")} keeps the slot '${job.schedule}'`);
    }
  };
}
var bundlesFresh = {
  group: "repository",
  name: "action bundles fresh",
  timeoutMs: 9e4,
  async run(ctx) {
    const repo = ctx.options.repoDir;
    const script = path.join(repo, BUILD_SCRIPT);
    if (!existsSync(script)) {
      return fail(
        `${BUILD_SCRIPT} is missing, so the committed bundles cannot be rebuilt and compared`,
        `Restore ${BUILD_SCRIPT} (it bundles actions/*/main.ts into actions/*/dist/index.js), then run npm run build:actions.`
      );
    }
    const outdir = await mkdtemp(path.join(tmpdir(), "strukt-verify-bundles-"));
    try {
      try {
        await run(process.execPath, [script, "--outdir", outdir], { cwd: repo, timeout: 8e4 });
      } catch (error) {
        const stderr = String(error.stderr ?? "").trim().split("\n")[0] ?? "";
        return fail(
          `the rebuild failed: ${stderr || error.message}`.slice(0, 300),
          "Run npm ci (esbuild is a devDependency), then npm run build:actions, and read its error."
        );
      }
      const built = await listBuilt(outdir);
      if (built.length === 0)
        return fail(`${BUILD_SCRIPT} built no bundle`, "Run npm run build:actions and read its output.");
      const stale = [];
      for (const name of built) {
        const fresh = await readFile(path.join(outdir, name, "dist", "index.js"));
        const committed = await readFile(path.join(repo, "actions", name, "dist", "index.js")).catch(
          () => null
        );
        if (!committed || !committed.equals(fresh)) stale.push(committed ? name : `${name} (missing)`);
      }
      if (stale.length > 0) {
        return fail(
          `differs from a fresh build: ${listOf(stale.map((n) => `actions/${n}/dist/index.js`))}`,
          "Run npm run build:actions and commit actions/*/dist/index.js."
        );
      }
      return pass(`${built.map((n) => `actions/${n}`).join(", ")} match a fresh build`);
    } finally {
      await rm(outdir, { recursive: true, force: true });
    }
  }
};
async function listBuilt(outdir) {
  const names = await readdir(outdir);
  return names.filter((n) => existsSync(path.join(outdir, n, "dist", "index.js"))).sort();
}
function repositoryChecks(ctx) {
  const { repoDir, repoDirExplicit } = ctx.options;
  if (!existsSync(path.join(repoDir, WORKFLOWS))) {
    const where = `no ${WORKFLOWS} in ${repoDir}`;
    return [
      {
        group: "repository",
        name: "repository",
        run: async () => repoDirExplicit ? fail(where, "Point --repo-dir at a checkout of the strukt-cron repository.") : skip(
          `not run inside the repository (${where}); pass --repo-dir to check workflows and bundles`
        )
      }
    ];
  }
  return [...workflowChecks(), bundlesFresh];
}
function workflowChecks() {
  return [workflowFiles, ...JOBS.map(workflowSchedule)];
}

// src/verify/schema.ts
var RUN_LOG = "admin.system_cron_logs";
var jobColumns = {
  group: "database",
  name: "columns the jobs read",
  run: (ctx) => withSql(ctx, async (sql) => {
    const problems = compareJobColumns(await readTypesOf(sql, JOB_TABLES));
    if (problems.length > 0)
      return fail(listOf(problems.map(describeColumnProblem), 4), columnsFix(problems[0]));
    const count = Object.values(JOB_COLUMNS).reduce((n, columns) => n + Object.keys(columns).length, 0);
    return pass(
      `${count} columns in ${JOB_TABLES.length} tables, each of the type the cron_* functions use`
    );
  })
};
function columnsFix(problem) {
  if (problem.kind === "table missing") {
    return `${MIGRATE_FIX} If an app migration dropped or moved ${problem.table}, restore it: the cron_* functions read it there.`;
  }
  const label = columnLabel(problem.table, problem.column);
  return `An app migration renamed or changed ${label}: the cron_* functions read it as ${problem.expected}. Restore ${label} as ${problem.expected}, or add a strukt-cron migration that recreates the cron_* functions for the new column (and update src/verify/jobColumns.ts).`;
}
var logKeys = {
  group: "database",
  name: "system_cron_logs status and run_id",
  run: (ctx) => withSql(ctx, async (sql) => {
    const columns = await readColumns(sql, RUN_LOG);
    if (columns.size === 0) return fail(`${RUN_LOG} does not exist`, MIGRATE_FIX);
    const statuses = valuesMissingFrom(await columnChecks(sql, RUN_LOG, "run_status"), [
      "success",
      "error",
      "partial_success"
    ]);
    if (statuses.length > 0)
      return fail(`run_status check does not allow ${statuses.join(", ")}`, MIGRATE_FIX);
    const unique = await uniqueIndexOn(sql, RUN_LOG, ["run_id"]);
    if (!unique) {
      return fail(
        "run_id is not unique, so a retried run record could be written twice",
        `Run: create unique index strukt_system_cron_logs_run_id_key on ${RUN_LOG} (run_id);`
      );
    }
    return pass(`run_status allows success, error, partial_success; run_id unique (${unique})`);
  })
};
var NOTIFICATION_COLUMNS = [
  { name: "priority", default: "normal", values: ["low", "normal", "high", "urgent"] },
  { name: "delivery_channel", default: "in-app", values: ["in-app", "push", "email", "sms"] },
  { name: "status", default: "pending", values: ["pending", "delivered", "failed", "cancelled"] }
];
var notificationColumns = {
  group: "database",
  name: "coach_notifications columns",
  run: (ctx) => withSql(ctx, async (sql) => {
    const table = "public.coach_notifications";
    const columns = await readColumns(sql, table);
    if (columns.size === 0) return fail("coach_notifications does not exist", MIGRATE_FIX);
    const problems = [];
    for (const spec of NOTIFICATION_COLUMNS) {
      const column = columns.get(spec.name);
      if (!column) {
        problems.push(`${spec.name} missing`);
        continue;
      }
      if (!column.default?.startsWith(`'${spec.default}'`)) {
        problems.push(`${spec.name} default is ${column.default ?? "none"}, expected '${spec.default}'`);
      }
      const missing = valuesMissingFrom(await columnChecks(sql, table, spec.name), spec.values);
      if (missing.length > 0) problems.push(`${spec.name} check does not allow ${missing.join(", ")}`);
    }
    const types = valuesMissingFrom(await columnChecks(sql, table, "type"), [
      "ai_coach_proactive",
      "nudge"
    ]);
    if (types.length > 0)
      problems.push(`type check does not allow ${types.map((t) => `'${t}'`).join(", ")}`);
    if (problems.length > 0) return fail(listOf(problems, 3), MIGRATE_FIX);
    return pass("priority 'normal', delivery_channel 'in-app', status 'pending' with the seed's checks");
  })
};
var LOG_INDEXES = [
  { name: "idx_system_cron_logs_function_name", columns: "(function_name)" },
  { name: "idx_system_cron_logs_run_time", columns: "(run_time DESC)" },
  { name: "idx_system_cron_logs_run_status", columns: "(run_status)" },
  { name: "strukt_system_cron_logs_function_run_time", columns: "(function_name, run_time DESC)" }
];
var logIndexes = {
  group: "database",
  name: "system_cron_logs indexes",
  run: (ctx) => withSql(ctx, async (sql) => {
    const rows = await sql.query(
      `select c.relname as name, pg_get_indexdef(i.indexrelid) as def
         from pg_index i join pg_class c on c.oid = i.indexrelid
         where i.indrelid = to_regclass($1)`,
      [RUN_LOG]
    );
    const found = new Map(rows.map((r) => [r.name, r.def]));
    const bad = LOG_INDEXES.filter((ix) => !found.get(ix.name)?.endsWith(ix.columns));
    if (bad.length > 0) {
      const create = bad.map((ix) => `create index ${ix.name} on ${RUN_LOG} ${ix.columns.toLowerCase()};`).join(" ");
      return fail(`missing or different: ${bad.map((ix) => ix.name).join(", ")}`, `Run: ${create}`);
    }
    return pass(LOG_INDEXES.map((ix) => ix.name).join(", "));
  })
};
var digestKey = {
  group: "database",
  name: "digest idempotency key",
  run: (ctx) => withSql(ctx, async (sql) => {
    const key = await uniqueIndexOn(sql, "public.ai_coach_notes", ["user_id", "type", "period_start"]);
    if (!key) {
      return fail(
        "no unique index on ai_coach_notes (user_id, type, period_start): a re-run could write a second digest for the same week",
        "Run: create unique index strukt_ai_coach_notes_period_key on public.ai_coach_notes (user_id, type, period_start);"
      );
    }
    return pass(`${key} unique (user_id, type, period_start): one digest per user and week`);
  })
};
var planVersions = {
  group: "database",
  name: "plan versions",
  run: (ctx) => withSql(ctx, async (sql) => {
    const key = await uniqueIndexOn(sql, "public.plans", ["user_id", "version"]);
    if (key) return pass(`unique index ${key} present: one plan per (user_id, version)`);
    const [row] = await sql.query(
      `select count(*)::integer as pairs
         from (select 1 from public.plans group by user_id, version having count(*) > 1) d`
    );
    const pairs = row?.pairs ?? 0;
    if (pairs === 0) {
      return fail(
        "no unique index on plans (user_id, version), though plans holds no duplicate version",
        "Run: create unique index concurrently strukt_plans_user_version_key on public.plans (user_id, version);"
      );
    }
    return pass(
      `unique index strukt_plans_user_version_key absent: plans holds ${pairs} duplicate (user_id, version) pair${pairs === 1 ? "" : "s"} from before the install, so cron_save_plans keeps new versions unique (a per-user advisory lock; it never writes a version the user already has)`
    );
  })
};
var CREATE_STRESS_TRIGGER = 'Run: create trigger strukt_stress_evidence after insert or update of user_message, "timestamp", user_id on public.ai_coach_logs for each row execute function strukt.record_stress_evidence();';
var stressEvidence = {
  group: "database",
  name: "stress evidence",
  run: (ctx) => withSql(ctx, async (sql) => {
    const [row] = await sql.query(
      `select to_regclass('strukt.stress_messages') is not null as table,
                to_regprocedure('strukt.record_stress_evidence()') is not null as fn,
                t.tgenabled::text as trigger,
                coalesce(t.tgfoid = to_regprocedure('strukt.record_stress_evidence()'), false) as calls
         from (select 1) one
         left join pg_trigger t on t.tgrelid = to_regclass('public.ai_coach_logs')
           and t.tgname = 'strukt_stress_evidence' and not t.tgisinternal`
    );
    if (!row?.table || !row.fn) {
      const missing = [
        row?.table ? null : "strukt.stress_messages",
        row?.fn ? null : "strukt.record_stress_evidence()"
      ];
      return fail(`${missing.filter((m) => m !== null).join(" and ")} missing`, MIGRATE_FIX);
    }
    if (row.trigger === null || !row.calls) {
      return fail(
        row.trigger === null ? "trigger strukt_stress_evidence on ai_coach_logs is missing: new messages are never stress evidence" : "trigger strukt_stress_evidence on ai_coach_logs does not call strukt.record_stress_evidence()",
        row.trigger === null ? CREATE_STRESS_TRIGGER : `Run: drop trigger strukt_stress_evidence on public.ai_coach_logs; then ${CREATE_STRESS_TRIGGER.slice(5)}`
      );
    }
    if (row.trigger !== "O" && row.trigger !== "A") {
      return fail(
        "trigger strukt_stress_evidence on ai_coach_logs is disabled: new messages are never stress evidence",
        "Run: alter table public.ai_coach_logs enable trigger strukt_stress_evidence;"
      );
    }
    const [probe] = await sql.query(
      `select strukt.has_stress_keyword('Work has me so stressed') and not strukt.has_stress_keyword('I am not stressed') as ok`
    );
    if (!probe?.ok) {
      return fail('strukt.has_stress_keyword misjudges "so stressed" / "not stressed"', MIGRATE_FIX);
    }
    return pass(
      "trigger strukt_stress_evidence on ai_coach_logs keeps stressful messages in strukt.stress_messages, matched once at write time"
    );
  })
};
function schemaChecks() {
  return [jobColumns, logKeys, notificationColumns, logIndexes, digestKey, planVersions, stressEvidence];
}

// src/verify/security.ts
var SERVICE_ONLY_TABLES = [
  "admin.system_cron_logs",
  "public.cron_leases",
  "strukt.notification_ledger",
  "strukt.ai_batches",
  "strukt.ai_batch_requests"
];
var rowLevelSecurity = {
  group: "database",
  name: "row level security",
  run: (ctx) => withSql(ctx, async (sql) => {
    const rows = await sql.query(
      `select t as name from unnest($1::text[]) t
         left join pg_class c on c.oid = to_regclass(t)
         where not coalesce(c.relrowsecurity, false)`,
      [REQUIRED_TABLES]
    );
    const off = rows.map((r) => r.name);
    if (off.length > 0) {
      return fail(
        `not enabled on ${listOf(off)}`,
        `Run: ${off.map((t) => `alter table ${t} enable row level security;`).join(" ")}`
      );
    }
    return pass(`enabled on all ${REQUIRED_TABLES.length} tables`);
  })
};
function deniedOnTables(role) {
  return {
    group: "database",
    name: `${role} denied on system_cron_logs`,
    run: (ctx) => withSql(ctx, async (sql) => {
      const leaks = [];
      for (const table of SERVICE_ONLY_TABLES) {
        const attempt = await tryAsRole(sql, role, `select 1 from ${table} limit 1`);
        if (attempt.allowed) leaks.push(`may select from ${table} (read ${attempt.rows.length} rows)`);
        else if (!isPermissionDenied(attempt)) leaks.push(`${table}: unexpected ${attempt.message}`);
        const [held] = await sql.query(
          `select array(select p from unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p
                          where has_table_privilege($1, to_regclass($2), p)) as privileges`,
          [role, table]
        );
        const granted = (held?.privileges ?? []).filter((p) => !(p === "SELECT" && attempt.allowed));
        if (granted.length > 0) leaks.push(`holds ${granted.join("/")} on ${table}`);
      }
      if (leaks.length > 0) {
        return fail(
          `${role} ${listOf(leaks, 3)}`,
          `Run: revoke all on ${SERVICE_ONLY_TABLES.join(", ")} from public, anon, authenticated;`
        );
      }
      return pass(
        `as ${role}, reading ${listOf(SERVICE_ONLY_TABLES)} is refused (42501) and no privilege is held`
      );
    })
  };
}
function deniedOnFunctions(role) {
  return {
    group: "database",
    name: `${role} denied on job functions`,
    run: (ctx) => withSql(ctx, async (sql) => {
      const functions = await readJobFunctions(sql);
      if (functions.length === 0)
        return fail("no public.cron_* function exists", "Run `strukt-cron db migrate`.");
      const callable = [];
      for (const fn of functions) {
        const attempt = await tryAsRole(sql, role, nullCall(fn));
        if (!isPermissionDenied(attempt)) callable.push(fn.name);
      }
      if (callable.length > 0) {
        return fail(
          `${role} may call ${listOf(callable, 4)}`,
          `Run, for each: revoke all on function public.<name>(<args>) from public, anon, authenticated; grant execute on function public.<name>(<args>) to service_role;`
        );
      }
      return pass(`all ${functions.length} cron_* functions refuse ${role} (42501)`);
    })
  };
}
var serviceRoleAllowed = {
  group: "database",
  name: "service_role allowed",
  async run(ctx) {
    const parts = [];
    const sql = await ctx.sql();
    if (!isSkipped(sql)) {
      for (const statement of [
        `select * from public.cron_recent_runs('generateWeeklyDigest', 1)`,
        `select public.cron_release_lease('strukt-cron verify', '00000000-0000-0000-0000-000000000000')`
      ]) {
        const attempt = await tryAsRole(sql, "service_role", statement);
        if (!attempt.allowed) {
          return fail(
            `as service_role, "${statement}" failed: ${attempt.message}`,
            "Run `strukt-cron db migrate`: it grants service_role EXECUTE on the cron_* functions, which read and write admin.system_cron_logs and public.cron_leases as their owner."
          );
        }
      }
      parts.push("as service_role, cron_recent_runs and cron_release_lease answer");
    }
    if (ctx.transport === "supabase") {
      const db = await ctx.db();
      if (isSkipped(db)) return db;
      try {
        await recentRuns(db, { p_function_name: "generateWeeklyDigest", p_limit: 1 });
        parts.push("RPC with the service-role key answers");
      } catch (error) {
        return fail(
          `RPC cron_recent_runs with the service-role key failed: ${describeError(error)}`,
          "Set SUPABASE_SERVICE_ROLE_KEY to the project's service_role key, and run `strukt-cron db migrate`."
        );
      }
    }
    if (parts.length === 0) return skip(isSkipped(sql) ? sql.reason : "nothing to ask");
    return pass(parts.join("; "));
  }
};
var anonDeniedThroughApi = {
  group: "database",
  name: "anon denied through PostgREST",
  async run(ctx) {
    if (ctx.transport !== "supabase" || !ctx.config?.supabaseUrl) {
      return skip("needs the supabase transport (SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY)");
    }
    const key = ctx.options.anonKey;
    if (!key) return skip("pass --anon-key to ask the API as anon");
    const base = `${ctx.config.supabaseUrl}/rest/v1`;
    const headers = { apikey: key, "Content-Type": "application/json" };
    if (keyShape(key).kind === "jwt") headers.Authorization = `Bearer ${key}`;
    const probes = [
      // The run log lives in schema admin: ask for it there, as a client naming the schema would.
      {
        what: "GET admin.system_cron_logs",
        url: `${base}/system_cron_logs?select=id&limit=1`,
        init: { headers: { ...headers, "Accept-Profile": "admin" } }
      },
      { what: "GET cron_leases", url: `${base}/cron_leases?select=lease_key&limit=1`, init: { headers } },
      {
        what: "RPC cron_recent_runs",
        url: `${base}/rpc/cron_recent_runs`,
        init: {
          method: "POST",
          headers,
          body: JSON.stringify({ p_function_name: "generateWeeklyDigest", p_limit: 1 })
        }
      },
      {
        what: "RPC cron_status_candidates",
        url: `${base}/rpc/cron_status_candidates`,
        init: {
          method: "POST",
          headers,
          body: JSON.stringify({ p_as_of: ctx.now().toISOString(), p_limit: 1 })
        }
      }
    ];
    const leaks = [];
    const unusable = [];
    for (const probe of probes) {
      const answer = await askAsAnon(ctx, probe.url, probe.init);
      if (answer.kind === "leak") leaks.push(`${probe.what}: ${answer.text}`);
      if (answer.kind === "unusable") unusable.push(`${probe.what}: ${answer.text}`);
    }
    if (unusable.length > 0) {
      return fail(
        `could not ask as anon: ${listOf(unusable, 2)}`,
        "Pass the project's current anon key (Project Settings → API) and check SUPABASE_URL."
      );
    }
    if (leaks.length > 0) {
      return fail(
        `the anon key is let through: ${listOf(leaks, 2)}`,
        "Run `strukt-cron db migrate` (it revokes these from anon and authenticated), then reload the API: notify pgrst, 'reload schema';"
      );
    }
    return pass(`${probes.length} requests with the anon key were refused`);
  }
};
async function askAsAnon(ctx, url, init) {
  let response;
  try {
    response = await ctx.options.fetch(url, init);
  } catch (error) {
    return { kind: "unusable", text: `no answer (${describeError(error)})` };
  }
  const body = await response.text();
  if (response.ok) return { kind: "leak", text: `HTTP ${response.status}, answered` };
  let code;
  try {
    code = JSON.parse(body).code;
  } catch {
    code = void 0;
  }
  const shown = `HTTP ${response.status}${typeof code === "string" ? ` ${code}` : ""}`;
  if (typeof code === "string" && /^PGRST30\d$/.test(code)) return { kind: "unusable", text: shown };
  if (code === "42501" || code === "PGRST106" || code === "PGRST202" || code === "PGRST205")
    return { kind: "refused" };
  if (response.status === 401 || response.status === 403) return { kind: "refused" };
  return { kind: "leak", text: `${shown}, expected a permission error` };
}
function securityChecks(ctx) {
  const checks = [
    rowLevelSecurity,
    deniedOnTables("anon"),
    deniedOnTables("authenticated"),
    deniedOnFunctions("anon"),
    deniedOnFunctions("authenticated"),
    serviceRoleAllowed
  ];
  if (ctx.transport === "supabase" || ctx.options.anonKey) checks.push(anonDeniedThroughApi);
  return checks;
}

// src/verify/checks.ts
function buildChecks(ctx) {
  return [
    ...configurationChecks(ctx),
    ...databaseChecks(),
    ...schemaChecks(),
    ...securityChecks(ctx),
    ...jobChecks(),
    ...openaiChecks(),
    ...functionChecks(ctx),
    ...repositoryChecks(ctx)
  ];
}

// src/verify/context.ts
var CONNECT_TIMEOUT_MS = 1e4;
var NEEDS_DATABASE_URL = "needs DATABASE_URL: the supabase transport has only RPC, and this check reads the catalog or switches roles";
function createVerifySession(input) {
  const { config, configError, options } = input;
  const transport = config ? chooseTransport(config) : null;
  const memos = /* @__PURE__ */ new Map();
  let sqlOpening;
  let dbOpening;
  const unreachable = (error) => ({
    ...skip("the database is not reachable (see database / reachable)"),
    detail: describeError(error)
  });
  const invalidConfig = skip("the configuration is invalid (see configuration / environment)");
  const openRawSql = () => {
    sqlOpening ??= withConnectTimeout(openSql(config).then(({ sql: sql2 }) => sql2));
    return sqlOpening;
  };
  async function sql() {
    if (!config) return invalidConfig;
    if (transport === "supabase" && !config.databaseUrl) return skip(NEEDS_DATABASE_URL);
    try {
      return await openRawSql();
    } catch (error) {
      return unreachable(error);
    }
  }
  async function db() {
    if (!config) return invalidConfig;
    try {
      if (transport === "supabase") {
        dbOpening ??= openDb(config);
      } else {
        dbOpening ??= openRawSql().then((s) => sqlDb(s, transport, async () => {
        }));
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
    now: input.now ?? (() => /* @__PURE__ */ new Date()),
    memo(key, compute) {
      let value = memos.get(key);
      if (!value) {
        value = compute();
        memos.set(key, value);
      }
      return value;
    },
    async close() {
      const problems = [];
      const opened = await Promise.allSettled([dbOpening, sqlOpening].filter((o) => o !== void 0));
      for (const outcome of opened) {
        if (outcome.status !== "fulfilled") continue;
        try {
          await outcome.value.close();
        } catch (error) {
          problems.push(describeError(error));
        }
      }
      return problems.length > 0 ? `could not close the database connection: ${problems.join("; ")}` : null;
    }
  };
}
function withConnectTimeout(opening) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      opening.then((sql) => sql.close()).catch(() => {
      });
      reject(new Error(`no connection within ${CONNECT_TIMEOUT_MS / 1e3} s`));
    }, CONNECT_TIMEOUT_MS);
    timer.unref?.();
  });
  return Promise.race([opening, timeout]).finally(() => clearTimeout(timer));
}

// src/verify/run.ts
var DEFAULT_TIMEOUT_MS = 2e4;
async function runChecks(checks, ctx, onResult = () => {
}, now = Date.now) {
  const started = now();
  const results = [];
  for (const check of checks) {
    const begun = now();
    const outcome = await settle(check, ctx);
    const result = toResult(check, outcome, Math.max(0, Math.round(now() - begun)));
    results.push(result);
    onResult(result);
  }
  const count = (status) => results.filter((r) => r.status === status).length;
  const failed = count("fail");
  return {
    ok: failed === 0,
    transport: ctx.transport,
    passed: count("pass"),
    failed,
    skipped: count("skip"),
    warned: count("warn"),
    durationMs: Math.max(0, Math.round(now() - started)),
    checks: results
  };
}
async function settle(check, ctx) {
  const timeoutMs = check.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(
      () => resolve({
        ok: false,
        reason: `no answer within ${Math.round(timeoutMs / 1e3)} s`,
        fix: "Check that the database / service this check talks to is reachable from here, then run verify again."
      }),
      timeoutMs
    );
  });
  try {
    return await Promise.race([check.run(ctx), timeout]);
  } catch (error) {
    return {
      ok: false,
      reason: `the check itself failed: ${describeError(error)}`,
      fix: "Read the error above; if it names the database, check the connection settings and run verify again."
    };
  } finally {
    clearTimeout(timer);
  }
}
function toResult(check, outcome, durationMs) {
  const base = { group: check.group, name: check.name, durationMs };
  if (isSkipped(outcome)) return { ...base, status: "skip", reason: outcome.reason };
  if (isWarned(outcome)) return { ...base, status: "warn", reason: outcome.reason, fix: outcome.fix };
  if (outcome.ok) return { ...base, status: "pass", reason: outcome.reason };
  return {
    ...base,
    status: "fail",
    reason: outcome.reason,
    fix: outcome.fix ?? "See docs/troubleshooting.md."
  };
}

// src/verify/verify.ts
async function verifyDeployment(input) {
  const session = createVerifySession(input);
  try {
    const result = await runChecks(buildChecks(session), session, input.onResult);
    return { result, warning: await session.close() };
  } catch (error) {
    await session.close();
    throw error;
  }
}
export {
  verifyDeployment
};
