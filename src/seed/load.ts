/**
 * Loads generated sample data into a migrated database, fast: one set-based insert per table
 * and batch (`insert … select … from unnest($1::text::uuid[], …)`), every batch in one
 * transaction. Each column travels as one array literal in a text parameter, which pg and PGlite
 * pass through alike.
 *
 * Seeding again is safe: a user's id depends only on the seed and its index, so a user already
 * present is skipped with all its rows (`on conflict do nothing` on auth.users decides). The
 * same seed with more users adds only the new ones; the result says how many were present.
 */
import type { SqlClient } from '../db/types.ts';
import {
  CATEGORIES,
  countCategories,
  generateUsers,
  type CategoryCounts,
  type RowCounts,
} from './generate.ts';
import { SAMPLE_TABLES, type SampleTable, type SampleTables } from './rows.ts';

export interface SeedOptions {
  /** How many users (0 … users − 1 of the seed). */
  users: number;
  /** @default 1 */
  seed?: number;
  /** "Now" for the data. */
  asOf: Date;
  /** Users generated and inserted per batch (about 12k rows in the largest table); bounds memory. @default 5000 */
  batchUsers?: number;
  /** Called after each batch, for progress output. */
  onProgress?: (progress: { usersDone: number; users: number }) => void;
}

export interface SeedResult {
  /** Categories of the users inserted by this call. */
  categories: CategoryCounts;
  /** Rows inserted per table by this call. */
  rows: RowCounts;
  /** Users of this seed that were already in the database and were left untouched. */
  alreadyPresent: number;
}

type ColumnType =
  'uuid' | 'text' | 'integer' | 'boolean' | 'timestamptz' | 'date' | 'numeric' | 'jsonb' | 'text[]';

interface TableSpec {
  target: string;
  columns: [name: string, type: ColumnType][];
}

/** Target tables and the production columns the sample fills; the others keep their defaults. */
const TABLES: Record<SampleTable, TableSpec> = {
  auth_users: {
    // A real project's auth.users has many more columns; only these two are sure to exist.
    target: 'auth.users',
    columns: [
      ['id', 'uuid'],
      ['email', 'text'],
    ],
  },
  user_profiles: {
    target: 'public.user_profiles',
    columns: [
      ['user_id', 'uuid'],
      ['full_name', 'text'],
      ['email', 'text'],
      ['timezone', 'text'],
      ['primary_goal', 'text'],
      ['experience_level', 'text'],
      ['days_per_week', 'integer'],
      ['session_minutes', 'integer'],
      ['equipment_access', 'text[]'],
      ['workout_location', 'text'],
      ['injuries', 'text[]'],
      ['conditions', 'text[]'],
      ['contraindications', 'text[]'],
      ['is_pregnant_or_breastfeeding', 'boolean'],
      ['is_recovering_from_surgery', 'boolean'],
      ['allergies', 'text[]'],
      ['intolerances', 'text[]'],
      ['diet_pattern', 'text'],
      ['faith_diet_rules', 'text[]'],
      ['daily_kcal_target', 'integer'],
      ['macro_targets', 'jsonb'],
      ['coaching_tone', 'text'],
      ['coaching_persona', 'text'],
      ['onboarding_completed', 'boolean'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
  },
  user_consents: {
    target: 'public.user_consents',
    columns: [
      ['id', 'uuid'],
      ['user_id', 'uuid'],
      ['consent_type', 'text'],
      ['granted', 'boolean'],
      ['granted_at', 'timestamptz'],
      ['withdrawn_at', 'timestamptz'],
      ['privacy_policy_version', 'text'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
  },
  ai_coach_logs: {
    target: 'public.ai_coach_logs',
    columns: [
      ['id', 'uuid'],
      ['user_id', 'uuid'],
      ['session_id', 'text'],
      ['user_message', 'text'],
      ['ai_response', 'text'],
      ['success', 'boolean'],
      ['token_usage', 'integer'],
      ['issues', 'text[]'],
      ['timestamp', 'timestamptz'],
      ['created_at', 'timestamptz'],
    ],
  },
  workouts: {
    target: 'public.workouts',
    columns: [
      ['id', 'uuid'],
      ['user_id', 'uuid'],
      ['type', 'text'],
      ['workout_type', 'text'],
      ['duration_minutes', 'integer'],
      ['calories', 'numeric'],
      ['perceived_exertion', 'integer'],
      ['exercises', 'jsonb'],
      ['distance_km', 'numeric'],
      ['workout_date', 'timestamptz'],
      ['date', 'date'],
      ['created_at', 'timestamptz'],
    ],
  },
  meals: {
    target: 'public.meals',
    columns: [
      ['id', 'uuid'],
      ['user_id', 'uuid'],
      ['meal_type', 'text'],
      ['description', 'text'],
      ['calories', 'numeric'],
      ['macros', 'jsonb'],
      ['source', 'text'],
      ['confidence', 'text'],
      ['timestamp', 'timestamptz'],
      ['date', 'date'],
      ['created_at', 'timestamptz'],
    ],
  },
  sleep_logs: {
    target: 'public.sleep_logs',
    columns: [
      ['id', 'uuid'],
      ['user_id', 'uuid'],
      ['duration_minutes', 'integer'],
      ['quality', 'text'],
      ['bedtime', 'timestamptz'],
      ['wake_time', 'timestamptz'],
      ['created_at', 'timestamptz'],
    ],
  },
  mood_logs: {
    target: 'public.mood_logs',
    columns: [
      ['id', 'uuid'],
      ['user_id', 'uuid'],
      ['mood_score', 'integer'],
      ['stress_level', 'integer'],
      ['notes', 'text'],
      ['date', 'date'],
      ['created_at', 'timestamptz'],
    ],
  },
  plans: {
    target: 'public.plans',
    columns: [
      ['id', 'uuid'],
      ['user_id', 'uuid'],
      ['plan_data', 'jsonb'],
      ['version', 'integer'],
      ['generation_method', 'text'],
      ['fallback_reason', 'text'],
      ['wellness_context', 'jsonb'],
      ['profile_snapshot', 'jsonb'],
      ['is_valid', 'boolean'],
      ['validation_errors', 'jsonb'],
      ['created_at', 'timestamptz'],
      ['updated_at', 'timestamptz'],
    ],
  },
};

/** Thrown when the tables to seed are missing; the message names the fix. */
export class NotMigratedError extends Error {
  override name = 'NotMigratedError';
}

/**
 * Children of auth.users in the order they are sent: the slowest first, because it runs on the
 * server while the next batch is generated.
 */
const CHILD_TABLES: readonly SampleTable[] = [
  'plans',
  'ai_coach_logs',
  'meals',
  'workouts',
  'sleep_logs',
  'mood_logs',
  'user_consents',
  'user_profiles',
];

/**
 * Generates and inserts the sample, batch by batch, in one transaction. `sql` must be one
 * session (not a pool): the transaction spans its statements.
 */
export async function seedSampleData(sql: SqlClient, options: SeedOptions): Promise<SeedResult> {
  const seed = options.seed ?? 1;
  const batchUsers = options.batchUsers ?? 5000;
  const batch = (from: number) =>
    from < options.users
      ? generateUsers({ seed, asOf: options.asOf }, from, Math.min(from + batchUsers, options.users))
      : null;
  await assertMigrated(sql);

  const categories = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as CategoryCounts;
  const rows = Object.fromEntries(SAMPLE_TABLES.map((t) => [t, 0])) as RowCounts;
  let alreadyPresent = 0;

  await sql.exec('begin');
  try {
    let sample = batch(0);
    for (let from = 0; sample; from += batchUsers) {
      const size = sample.personas.length;
      const fresh = await insertUsers(sql, sample.tables);
      alreadyPresent += size - fresh.size;
      const keep = fresh.size === size ? null : fresh;
      const counted = countCategories(keep ? sample.personas.filter((p) => keep.has(p.id)) : sample.personas);
      const [slowest, ...others] = CHILD_TABLES as [SampleTable, ...SampleTable[]];
      // One statement in flight (pg sends no second one before the first answers): the next batch
      // is generated while the server works on the slowest insert of this one.
      const inFlight = insertRows(sql, slowest, keepRows(sample.tables[slowest], keep));
      // Awaited below; this only keeps a failure during generation from counting as unhandled.
      inFlight.catch(() => {});
      const current = sample;
      sample = batch(from + batchUsers);
      rows[slowest] += await inFlight;
      for (const table of others) {
        rows[table] += await insertRows(sql, table, keepRows(current.tables[table], keep));
      }
      rows.auth_users += fresh.size;
      for (const c of CATEGORIES) categories[c] += counted[c];
      options.onProgress?.({ usersDone: Math.min(from + batchUsers, options.users), users: options.users });
    }
    await sql.exec('commit');
  } catch (error) {
    // The original error is what the caller must see; a failed rollback ends with the session.
    await sql.exec('rollback').catch(() => {});
    throw new Error(`Seeding failed; nothing was written (the load runs in one transaction).`, {
      cause: error,
    });
  }
  return { categories, rows, alreadyPresent };
}

/** The rows of the users just inserted (all of them when `keep` is null). */
function keepRows(rows: readonly object[], keep: Set<string> | null): readonly object[] {
  return keep ? rows.filter((r) => keep.has((r as { user_id: string }).user_id)) : rows;
}

/** Inserts the batch's users; returns the ids actually inserted (absent before). */
async function insertUsers(sql: SqlClient, tables: SampleTables): Promise<Set<string>> {
  const { text, params } = insertStatement('auth_users', tables.auth_users, 'returning id');
  const inserted = await sql.query<{ id: string }>(text, params);
  return new Set(inserted.map((r) => r.id));
}

async function insertRows(sql: SqlClient, table: SampleTable, rows: readonly object[]): Promise<number> {
  if (rows.length === 0) return 0;
  const { text, params } = insertStatement(table, rows, 'returning 1');
  const [result] = await sql.query<{ n: number }>(
    `with inserted as (${text}) select count(*)::int as n from inserted`,
    params,
  );
  return result?.n ?? 0;
}

/**
 * One statement for all rows: one array per column, unnested side by side. Each array is sent
 * as a single text literal we build ourselves (`$1::text::uuid[]`): pg's own array serializer
 * needed 4.5 s for the 100k-user sample's plans alone, this takes a fraction of that.
 */
function insertStatement(
  table: SampleTable,
  rows: readonly object[],
  returning: string,
): { text: string; params: string[] } {
  const spec = TABLES[table];
  const names = spec.columns.map(([name]) => `"${name}"`);
  const arrays = spec.columns.map(([, type], i) => `$${i + 1}::text::${elementType(type)}[]`);
  const selects = spec.columns.map(([name, type]) =>
    type === 'text[]' || type === 'jsonb' ? `r."${name}"::${type}` : `r."${name}"`,
  );
  // Only users conflict (a repeated seed); a conflict on any other table is a real error.
  const conflict = table === 'auth_users' ? 'on conflict do nothing' : '';
  const text =
    `insert into ${spec.target} (${names.join(', ')}) ` +
    `select ${selects.join(', ')} from unnest(${arrays.join(', ')}) as r(${names.join(', ')}) ` +
    `${conflict} ${returning}`;
  const params = spec.columns.map(([name, type]) =>
    arrayLiteral(
      rows.map((row) => (row as Record<string, unknown>)[name]),
      type,
    ),
  );
  return { text, params };
}

/**
 * How a column's values travel. unnest cannot take a two-dimensional array, so a text[] column
 * goes as one literal per row; jsonb goes as text too, cast per row, because PostgreSQL 15 parsed
 * a jsonb[] literal four times slower than a text[] one and the same casts (832 vs 202 ms for
 * 21k plans).
 */
function elementType(type: ColumnType): string {
  return type === 'text[]' || type === 'jsonb' ? 'text' : type;
}

/** Values whose text never holds a comma, brace, quote, backslash or space: no quoting needed. */
const BARE: ReadonlySet<ColumnType> = new Set([
  'uuid',
  'integer',
  'boolean',
  'timestamptz',
  'date',
  'numeric',
]);

/** A PostgreSQL array literal of one column's values: `{a,NULL,"quoted \"text\""}`. */
function arrayLiteral(values: readonly unknown[], type: ColumnType): string {
  const bare = BARE.has(type);
  const items = values.map((value) => {
    if (value === null || value === undefined) return 'NULL';
    if (bare) return String(value);
    if (type === 'jsonb') return quote(JSON.stringify(value));
    if (type === 'text[]') return quote(`{${(value as string[]).map(quote).join(',')}}`);
    return quote(String(value));
  });
  return `{${items.join(',')}}`;
}

function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

/** Refuses to seed a database the migrations have not prepared, naming the fix. */
export async function assertMigrated(sql: SqlClient): Promise<void> {
  const targets = SAMPLE_TABLES.map((t) => TABLES[t].target);
  const missing = await sql.query<{ name: string }>(
    `select name from unnest($1::text[]) as name where to_regclass(name) is null`,
    [targets],
  );
  if (missing.length > 0) {
    throw new NotMigratedError(
      `The database is not migrated: ${missing.map((m) => m.name).join(', ')} missing. ` +
        'Run `strukt-cron db migrate` first, then seed again.',
    );
  }
}
