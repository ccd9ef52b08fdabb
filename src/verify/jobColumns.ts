/**
 * The columns of STRUKT's tables that strukt-cron's SQL functions read or write, with the type
 * each function relies on: migrations/20261130000500_run_engine.sql, 20261130000800_job_functions.sql
 * and 20261130000900_monitoring.sql, read column by column. The app owns these tables and its
 * migrations may rename or retype a column; `verify` compares this list with the catalog so that
 * shows up as one named failure instead of a job failing at 03:00.
 *
 * Types are PostgreSQL's names without modifiers (`format_type(type, null)`): `numeric(6,1)` is
 * `numeric`, an array of text is `text[]`. A function returning `integer` fails on a `bigint`
 * column, so a type is compared exactly.
 */

export type ColumnType =
  | 'uuid'
  | 'text'
  | 'text[]'
  | 'boolean'
  | 'integer'
  | 'numeric'
  | 'jsonb'
  | 'date'
  | 'timestamp with time zone';

/** A table the jobs touch, schema-qualified. */
export type JobTable =
  | 'public.user_profiles'
  | 'public.ai_coach_logs'
  | 'public.workouts'
  | 'public.meals'
  | 'public.sleep_logs'
  | 'public.mood_logs'
  | 'public.user_consents'
  | 'public.coach_notifications'
  | 'public.ai_coach_notes'
  | 'public.plans'
  | 'admin.system_cron_logs';

const TIMESTAMPTZ = 'timestamp with time zone';

export const JOB_COLUMNS: Readonly<Record<JobTable, Readonly<Record<string, ColumnType>>>> = {
  // Every candidate list pages on user_id and reads the time zone; the plan refresh reads the
  // profile fields a plan depends on (cron_plan_candidates returns them with these types).
  'public.user_profiles': {
    user_id: 'uuid',
    // The first word greets the user in template digests and check-ins (never sent to OpenAI).
    full_name: 'text',
    timezone: 'text',
    onboarding_completed: 'boolean',
    primary_goal: 'text',
    experience_level: 'text',
    days_per_week: 'integer',
    session_minutes: 'integer',
    equipment_access: 'text[]',
    workout_location: 'text',
    injuries: 'text[]',
    conditions: 'text[]',
    contraindications: 'text[]',
    is_pregnant_or_breastfeeding: 'boolean',
    is_recovering_from_surgery: 'boolean',
    allergies: 'text[]',
    intolerances: 'text[]',
    diet_pattern: 'text',
    faith_diet_rules: 'text[]',
    daily_kcal_target: 'integer',
    macro_targets: 'jsonb',
    coaching_tone: 'text',
    coaching_persona: 'text',
  },
  // Activity, digest excerpts and, through the strukt_stress_evidence trigger, stress evidence.
  'public.ai_coach_logs': {
    id: 'uuid',
    user_id: 'uuid',
    user_message: 'text',
    timestamp: TIMESTAMPTZ,
  },
  // A workout counts at workout_date, else on its day (rows the app logged by day only).
  'public.workouts': {
    user_id: 'uuid',
    workout_date: TIMESTAMPTZ,
    date: 'date',
    duration_minutes: 'integer',
  },
  'public.meals': {
    user_id: 'uuid',
    timestamp: TIMESTAMPTZ,
    date: 'date',
    calories: 'numeric',
  },
  // A night counts on the morning it ends (wake_time), else when it was logged.
  'public.sleep_logs': {
    user_id: 'uuid',
    duration_minutes: 'integer',
    wake_time: TIMESTAMPTZ,
    created_at: TIMESTAMPTZ,
  },
  'public.mood_logs': {
    user_id: 'uuid',
    date: 'date',
    mood_score: 'integer',
    stress_level: 'integer',
  },
  // Only users with an active openai_processing consent have data sent to OpenAI.
  'public.user_consents': {
    user_id: 'uuid',
    consent_type: 'text',
    granted: 'boolean',
    withdrawn_at: TIMESTAMPTZ,
  },
  // Written by cron_queue_notifications (which records each one in strukt.notification_ledger, what
  // the cooldowns read: users may edit these rows); read for the notification trends.
  'public.coach_notifications': {
    id: 'uuid',
    user_id: 'uuid',
    message: 'text',
    type: 'text',
    priority: 'text',
    delivery_channel: 'text',
    status: 'text',
    created_at: TIMESTAMPTZ,
  },
  // Written by cron_save_digests, one per (user_id, type, period_start); read by cron_user_digests.
  'public.ai_coach_notes': {
    id: 'uuid',
    user_id: 'uuid',
    note: 'text',
    type: 'text',
    period_start: TIMESTAMPTZ,
    period_end: TIMESTAMPTZ,
    generation_method: 'text',
    model: 'text',
    details: 'jsonb',
    created_at: TIMESTAMPTZ,
  },
  // Read for the latest version and its age; written by cron_save_plans; read by cron_user_plans.
  'public.plans': {
    id: 'uuid',
    user_id: 'uuid',
    version: 'integer',
    created_at: TIMESTAMPTZ,
    plan_data: 'jsonb',
    generation_method: 'text',
    fallback_reason: 'text',
    wellness_context: 'jsonb',
    profile_snapshot: 'jsonb',
    is_valid: 'boolean',
    validation_errors: 'jsonb',
  },
  // The run log: written by cron_record_run, read by cron_recent_runs and the monitoring functions.
  'admin.system_cron_logs': {
    id: 'uuid',
    run_id: 'uuid',
    function_name: 'text',
    run_status: 'text',
    run_time: TIMESTAMPTZ,
    duration_ms: 'integer',
    attempts: 'integer',
    details: 'jsonb',
    error_message: 'text',
  },
};

/** The tables of JOB_COLUMNS, in its order. */
export const JOB_TABLES = Object.keys(JOB_COLUMNS) as JobTable[];

/** `workouts.workout_date` for a public table, `admin.system_cron_logs.run_id` otherwise: how people name them. */
export function columnLabel(table: string, column: string): string {
  return `${tableLabel(table)}.${column}`;
}

export function tableLabel(table: string): string {
  return table.startsWith('public.') ? table.slice('public.'.length) : table;
}

export interface FoundColumn {
  table: string;
  column: string;
  /** `format_type(type, null)`. */
  type: string;
}

export type ColumnProblem =
  | { kind: 'table missing'; table: string }
  | { kind: 'column missing'; table: string; column: string; expected: ColumnType }
  | { kind: 'wrong type'; table: string; column: string; expected: ColumnType; found: string };

/**
 * What differs between the columns the jobs need and those found, in JOB_COLUMNS order. A table
 * with no column found at all is one "table missing", not a problem per column.
 */
export function compareJobColumns(found: readonly FoundColumn[]): ColumnProblem[] {
  const byTable = new Map<string, Map<string, string>>();
  for (const f of found) {
    const columns = byTable.get(f.table) ?? new Map<string, string>();
    columns.set(f.column, f.type);
    byTable.set(f.table, columns);
  }
  const problems: ColumnProblem[] = [];
  for (const table of JOB_TABLES) {
    const columns = byTable.get(table);
    if (!columns) {
      problems.push({ kind: 'table missing', table });
      continue;
    }
    for (const [column, expected] of Object.entries(JOB_COLUMNS[table])) {
      const type = columns.get(column);
      if (type === undefined) problems.push({ kind: 'column missing', table, column, expected });
      else if (type !== expected) problems.push({ kind: 'wrong type', table, column, expected, found: type });
    }
  }
  return problems;
}

/** One line per problem: "workouts.workout_date (timestamp with time zone) is missing". */
export function describeColumnProblem(problem: ColumnProblem): string {
  switch (problem.kind) {
    case 'table missing':
      return `${problem.table} is missing`;
    case 'column missing':
      return `${columnLabel(problem.table, problem.column)} (${problem.expected}) is missing`;
    case 'wrong type':
      return `${columnLabel(problem.table, problem.column)} is ${problem.found}, expected ${problem.expected}`;
  }
}
