/**
 * The seed's schema, column by column: system_cron_logs exactly as the seed has it (plus run_id),
 * the Phase 3 notification columns with their defaults and checks, the seed's indexes, the
 * digest's idempotency key and the stress evidence computed at write time.
 */
import { MIGRATE_FIX } from './database.ts';
import { columnChecks, readColumns, valuesMissingFrom, withSql } from './sql.ts';
import { fail, listOf, pass, type Check } from './types.ts';

/** The seed's system_cron_logs, exactly, plus run_id. */
const LOG_COLUMNS: Record<string, string> = {
  id: 'uuid',
  function_name: 'text',
  run_status: 'text',
  run_time: 'timestamp with time zone',
  details: 'jsonb',
  duration_ms: 'integer',
  attempts: 'integer',
  error_message: 'text',
  created_at: 'timestamp with time zone',
  run_id: 'uuid',
};

const logColumns: Check = {
  group: 'database',
  name: 'system_cron_logs columns',
  run: (ctx) =>
    withSql(ctx, async (sql) => {
      const columns = await readColumns(sql, 'system_cron_logs');
      if (columns.size === 0) return fail('system_cron_logs does not exist', MIGRATE_FIX);
      const wrong = Object.entries(LOG_COLUMNS)
        .filter(([name, type]) => columns.get(name)?.type !== type)
        .map(([name, type]) => `${name} (expected ${type}, found ${columns.get(name)?.type ?? 'none'})`);
      if (wrong.length > 0) return fail(`wrong or missing: ${listOf(wrong, 3)}`, MIGRATE_FIX);
      const statuses = valuesMissingFrom(await columnChecks(sql, 'system_cron_logs', 'run_status'), [
        'success',
        'error',
        'partial_success',
      ]);
      if (statuses.length > 0)
        return fail(`run_status check does not allow ${statuses.join(', ')}`, MIGRATE_FIX);
      const [unique] = await sql.query<{ ok: boolean }>(
        `select exists (
           select 1 from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
           where i.indrelid = 'public.system_cron_logs'::regclass and i.indisunique and i.indnatts = 1
             and a.attname = 'run_id') as ok`,
      );
      if (!unique?.ok) {
        return fail(
          'run_id is not unique, so a retried run record could be written twice',
          'Run: alter table public.system_cron_logs add constraint system_cron_logs_run_id_key unique (run_id);',
        );
      }
      return pass(
        `the seed's ${Object.keys(LOG_COLUMNS).length - 1} columns, run_status check and unique run_id`,
      );
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
      const columns = await readColumns(sql, 'coach_notifications');
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
        const missing = valuesMissingFrom(
          await columnChecks(sql, 'coach_notifications', spec.name),
          spec.values,
        );
        if (missing.length > 0) problems.push(`${spec.name} check does not allow ${missing.join(', ')}`);
      }
      const types = valuesMissingFrom(await columnChecks(sql, 'coach_notifications', 'type'), [
        'ai_coach_proactive',
      ]);
      if (types.length > 0) problems.push("type check does not allow 'ai_coach_proactive'");
      if (problems.length > 0) return fail(listOf(problems, 3), MIGRATE_FIX);
      return pass("priority 'normal', delivery_channel 'in-app', status 'pending' with the seed's checks");
    }),
};

/** The seed's indexes on system_cron_logs and the column each must cover. */
const SEED_INDEXES = [
  { name: 'idx_system_cron_logs_function_name', columns: '(function_name)' },
  { name: 'idx_system_cron_logs_run_time', columns: '(run_time DESC)' },
  { name: 'idx_system_cron_logs_run_status', columns: '(run_status)' },
] as const;

const logIndexes: Check = {
  group: 'database',
  name: 'system_cron_logs indexes',
  run: (ctx) =>
    withSql(ctx, async (sql) => {
      const rows = await sql.query<{ name: string; def: string }>(
        `select c.relname as name, pg_get_indexdef(i.indexrelid) as def
         from pg_index i join pg_class c on c.oid = i.indexrelid
         where i.indrelid = to_regclass('public.system_cron_logs')`,
      );
      const found = new Map(rows.map((r) => [r.name, r.def]));
      const bad = SEED_INDEXES.filter((ix) => !found.get(ix.name)?.endsWith(ix.columns));
      if (bad.length > 0) {
        const create = bad
          .map((ix) => `create index ${ix.name} on public.system_cron_logs ${ix.columns.toLowerCase()};`)
          .join(' ');
        return fail(`missing or different: ${bad.map((ix) => ix.name).join(', ')}`, `Run: ${create}`);
      }
      return pass(SEED_INDEXES.map((ix) => ix.name).join(', '));
    }),
};

const digestKey: Check = {
  group: 'database',
  name: 'digest idempotency key',
  run: (ctx) =>
    withSql(ctx, async (sql) => {
      const [row] = await sql.query<{ def: string | null }>(
        `select pg_get_constraintdef(c.oid) as def from pg_constraint c
         where c.conrelid = to_regclass('public.ai_coach_notes') and c.conname = 'ai_coach_notes_user_type_period_key'`,
      );
      const expected = 'UNIQUE (user_id, type, period_start)';
      if (row?.def !== expected) {
        return fail(
          row
            ? `ai_coach_notes_user_type_period_key is ${row.def}, expected ${expected}`
            : 'ai_coach_notes_user_type_period_key is missing: a re-run could write a second digest for the same week',
          MIGRATE_FIX,
        );
      }
      return pass(`ai_coach_notes_user_type_period_key ${expected}: one digest per user and week`);
    }),
};

const stressEvidence: Check = {
  group: 'database',
  name: 'stress evidence',
  run: (ctx) =>
    withSql(ctx, async (sql) => {
      const column = (await readColumns(sql, 'ai_coach_logs')).get('stress_evidence');
      if (!column || column.type !== 'boolean' || column.generated !== 's') {
        return fail(
          column
            ? `ai_coach_logs.stress_evidence is ${column.type}${column.generated === 's' ? '' : ', not generated'}`
            : 'ai_coach_logs.stress_evidence is missing',
          MIGRATE_FIX,
        );
      }
      // The column is only as good as the matcher behind it: a stressed message counts, a negated one does not.
      const [probe] = await sql.query<{ ok: boolean }>(
        `select strukt.has_stress_keyword('Work has me so stressed') and not strukt.has_stress_keyword('I am not stressed') as ok`,
      );
      if (!probe?.ok) {
        return fail('strukt.has_stress_keyword misjudges "so stressed" / "not stressed"', MIGRATE_FIX);
      }
      return pass('stored generated column, matched once per message at write time');
    }),
};

export function schemaChecks(): Check[] {
  return [logColumns, notificationColumns, logIndexes, digestKey, stressEvidence];
}
