/**
 * The schema the jobs rely on, column by column: every column their SQL functions read with its
 * type, the run log admin.system_cron_logs (the seed's indexes, its run_status check and our
 * unique run_id), the Phase 3 notification columns with their defaults and checks, the digest's
 * idempotency key, how plan versions stay unique, and the stress evidence kept at write time.
 */
import { MIGRATE_FIX } from './database.ts';
import {
  compareJobColumns,
  describeColumnProblem,
  JOB_COLUMNS,
  JOB_TABLES,
  columnLabel,
  type ColumnProblem,
} from './jobColumns.ts';
import { columnChecks, readColumns, readTypesOf, uniqueIndexOn, valuesMissingFrom, withSql } from './sql.ts';
import { fail, listOf, pass, type Check } from './types.ts';

const RUN_LOG = 'admin.system_cron_logs';

const jobColumns: Check = {
  group: 'database',
  name: 'columns the jobs read',
  run: (ctx) =>
    withSql(ctx, async (sql) => {
      const problems = compareJobColumns(await readTypesOf(sql, JOB_TABLES));
      if (problems.length > 0)
        return fail(listOf(problems.map(describeColumnProblem), 4), columnsFix(problems[0]!));
      const count = Object.values(JOB_COLUMNS).reduce((n, columns) => n + Object.keys(columns).length, 0);
      return pass(
        `${count} columns in ${JOB_TABLES.length} tables, each of the type the cron_* functions use`,
      );
    }),
};

/** The fix for the first problem found; the others are the same kind of change. */
function columnsFix(problem: ColumnProblem): string {
  if (problem.kind === 'table missing') {
    return `${MIGRATE_FIX} If an app migration dropped or moved ${problem.table}, restore it: the cron_* functions read it there.`;
  }
  const label = columnLabel(problem.table, problem.column);
  return (
    `An app migration renamed or changed ${label}: the cron_* functions read it as ${problem.expected}. ` +
    `Restore ${label} as ${problem.expected}, or add a strukt-cron migration that recreates the cron_* ` +
    'functions for the new column (and update src/verify/jobColumns.ts).'
  );
}

const logKeys: Check = {
  group: 'database',
  name: 'system_cron_logs status and run_id',
  run: (ctx) =>
    withSql(ctx, async (sql) => {
      const columns = await readColumns(sql, RUN_LOG);
      if (columns.size === 0) return fail(`${RUN_LOG} does not exist`, MIGRATE_FIX);
      const statuses = valuesMissingFrom(await columnChecks(sql, RUN_LOG, 'run_status'), [
        'success',
        'error',
        'partial_success',
      ]);
      if (statuses.length > 0)
        return fail(`run_status check does not allow ${statuses.join(', ')}`, MIGRATE_FIX);
      const unique = await uniqueIndexOn(sql, RUN_LOG, ['run_id']);
      if (!unique) {
        return fail(
          'run_id is not unique, so a retried run record could be written twice',
          `Run: create unique index strukt_system_cron_logs_run_id_key on ${RUN_LOG} (run_id);`,
        );
      }
      return pass(`run_status allows success, error, partial_success; run_id unique (${unique})`);
    }),
};

/** The seed's Phase 3 notification columns: default and allowed values. */
const NOTIFICATION_COLUMNS = [
  { name: 'priority', default: 'normal', values: ['low', 'normal', 'high', 'urgent'] },
  { name: 'delivery_channel', default: 'in-app', values: ['in-app', 'push', 'email', 'sms'] },
  { name: 'status', default: 'pending', values: ['pending', 'delivered', 'failed', 'cancelled'] },
] as const;

const notificationColumns: Check = {
  group: 'database',
  name: 'coach_notifications columns',
  run: (ctx) =>
    withSql(ctx, async (sql) => {
      const table = 'public.coach_notifications';
      const columns = await readColumns(sql, table);
      if (columns.size === 0) return fail('coach_notifications does not exist', MIGRATE_FIX);
      const problems: string[] = [];
      for (const spec of NOTIFICATION_COLUMNS) {
        const column = columns.get(spec.name);
        if (!column) {
          problems.push(`${spec.name} missing`);
          continue;
        }
        if (!column.default?.startsWith(`'${spec.default}'`)) {
          problems.push(`${spec.name} default is ${column.default ?? 'none'}, expected '${spec.default}'`);
        }
        const missing = valuesMissingFrom(await columnChecks(sql, table, spec.name), spec.values);
        if (missing.length > 0) problems.push(`${spec.name} check does not allow ${missing.join(', ')}`);
      }
      const types = valuesMissingFrom(await columnChecks(sql, table, 'type'), [
        'ai_coach_proactive',
        'nudge',
      ]);
      if (types.length > 0)
        problems.push(`type check does not allow ${types.map((t) => `'${t}'`).join(', ')}`);
      if (problems.length > 0) return fail(listOf(problems, 3), MIGRATE_FIX);
      return pass("priority 'normal', delivery_channel 'in-app', status 'pending' with the seed's checks");
    }),
};

/** The seed's indexes on the run log, and ours, with the columns each must cover. */
const LOG_INDEXES = [
  { name: 'idx_system_cron_logs_function_name', columns: '(function_name)' },
  { name: 'idx_system_cron_logs_run_time', columns: '(run_time DESC)' },
  { name: 'idx_system_cron_logs_run_status', columns: '(run_status)' },
  { name: 'strukt_system_cron_logs_function_run_time', columns: '(function_name, run_time DESC)' },
] as const;

const logIndexes: Check = {
  group: 'database',
  name: 'system_cron_logs indexes',
  run: (ctx) =>
    withSql(ctx, async (sql) => {
      const rows = await sql.query<{ name: string; def: string }>(
        `select c.relname as name, pg_get_indexdef(i.indexrelid) as def
         from pg_index i join pg_class c on c.oid = i.indexrelid
         where i.indrelid = to_regclass($1)`,
        [RUN_LOG],
      );
      const found = new Map(rows.map((r) => [r.name, r.def]));
      const bad = LOG_INDEXES.filter((ix) => !found.get(ix.name)?.endsWith(ix.columns));
      if (bad.length > 0) {
        const create = bad
          .map((ix) => `create index ${ix.name} on ${RUN_LOG} ${ix.columns.toLowerCase()};`)
          .join(' ');
        return fail(`missing or different: ${bad.map((ix) => ix.name).join(', ')}`, `Run: ${create}`);
      }
      return pass(LOG_INDEXES.map((ix) => ix.name).join(', '));
    }),
};

const digestKey: Check = {
  group: 'database',
  name: 'digest idempotency key',
  run: (ctx) =>
    withSql(ctx, async (sql) => {
      const key = await uniqueIndexOn(sql, 'public.ai_coach_notes', ['user_id', 'type', 'period_start']);
      if (!key) {
        return fail(
          'no unique index on ai_coach_notes (user_id, type, period_start): a re-run could write a second digest for the same week',
          'Run: create unique index strukt_ai_coach_notes_period_key on public.ai_coach_notes (user_id, type, period_start);',
        );
      }
      return pass(`${key} unique (user_id, type, period_start): one digest per user and week`);
    }),
};

/**
 * Plan versions are unique per user either by the index (created where the existing plans allowed
 * it) or, where STRUKT's data already had duplicates, by cron_save_plans alone. Both are correct
 * (verify has no warning level), so both pass and say which holds.
 */
const planVersions: Check = {
  group: 'database',
  name: 'plan versions',
  run: (ctx) =>
    withSql(ctx, async (sql) => {
      const key = await uniqueIndexOn(sql, 'public.plans', ['user_id', 'version']);
      if (key) return pass(`unique index ${key} present: one plan per (user_id, version)`);
      const [row] = await sql.query<{ pairs: number }>(
        `select count(*)::integer as pairs
         from (select 1 from public.plans group by user_id, version having count(*) > 1) d`,
      );
      const pairs = row?.pairs ?? 0;
      if (pairs === 0) {
        return fail(
          'no unique index on plans (user_id, version), though plans holds no duplicate version',
          'Run: create unique index concurrently strukt_plans_user_version_key on public.plans (user_id, version);',
        );
      }
      return pass(
        `unique index strukt_plans_user_version_key absent: plans holds ${pairs} duplicate (user_id, version) ` +
          `pair${pairs === 1 ? '' : 's'} from before the install, so cron_save_plans keeps new versions unique ` +
          '(a per-user advisory lock; it never writes a version the user already has)',
      );
    }),
};

/** Fixes for the stress evidence trigger, by what is wrong with it. */
const CREATE_STRESS_TRIGGER =
  'Run: create trigger strukt_stress_evidence after insert or update of user_message, "timestamp", user_id ' +
  'on public.ai_coach_logs for each row execute function strukt.record_stress_evidence();';

const stressEvidence: Check = {
  group: 'database',
  name: 'stress evidence',
  run: (ctx) =>
    withSql(ctx, async (sql) => {
      const [row] = await sql.query<{ table: boolean; fn: boolean; trigger: string | null; calls: boolean }>(
        `select to_regclass('strukt.stress_messages') is not null as table,
                to_regprocedure('strukt.record_stress_evidence()') is not null as fn,
                t.tgenabled::text as trigger,
                coalesce(t.tgfoid = to_regprocedure('strukt.record_stress_evidence()'), false) as calls
         from (select 1) one
         left join pg_trigger t on t.tgrelid = to_regclass('public.ai_coach_logs')
           and t.tgname = 'strukt_stress_evidence' and not t.tgisinternal`,
      );
      if (!row?.table || !row.fn) {
        const missing = [
          row?.table ? null : 'strukt.stress_messages',
          row?.fn ? null : 'strukt.record_stress_evidence()',
        ];
        return fail(`${missing.filter((m) => m !== null).join(' and ')} missing`, MIGRATE_FIX);
      }
      if (row.trigger === null || !row.calls) {
        return fail(
          row.trigger === null
            ? 'trigger strukt_stress_evidence on ai_coach_logs is missing: new messages are never stress evidence'
            : 'trigger strukt_stress_evidence on ai_coach_logs does not call strukt.record_stress_evidence()',
          row.trigger === null
            ? CREATE_STRESS_TRIGGER
            : `Run: drop trigger strukt_stress_evidence on public.ai_coach_logs; then ${CREATE_STRESS_TRIGGER.slice(5)}`,
        );
      }
      // 'O' fires in every session, 'A' always; 'D' is disabled and 'R' fires only on replicas.
      if (row.trigger !== 'O' && row.trigger !== 'A') {
        return fail(
          'trigger strukt_stress_evidence on ai_coach_logs is disabled: new messages are never stress evidence',
          'Run: alter table public.ai_coach_logs enable trigger strukt_stress_evidence;',
        );
      }
      // The evidence is only as good as the matcher behind it: a stressed message counts, a negated one does not.
      const [probe] = await sql.query<{ ok: boolean }>(
        `select strukt.has_stress_keyword('Work has me so stressed') and not strukt.has_stress_keyword('I am not stressed') as ok`,
      );
      if (!probe?.ok) {
        return fail('strukt.has_stress_keyword misjudges "so stressed" / "not stressed"', MIGRATE_FIX);
      }
      return pass(
        'trigger strukt_stress_evidence on ai_coach_logs keeps stressful messages in strukt.stress_messages, matched once at write time',
      );
    }),
};

export function schemaChecks(): Check[] {
  return [jobColumns, logKeys, notificationColumns, logIndexes, digestKey, planVersions, stressEvidence];
}
