/**
 * Jobs checks: every SQL function a job calls exists, only service_role may execute it, and a dry
 * run of each job succeeds end to end on the configured transport (RPC on supabase).
 */
import { JOBS, type JobDefinition, type JobName } from '../domain/jobs.ts';
import type { RunOptions } from '../domain/runRequest.ts';
import { executeRun } from '../jobs/execute.ts';
import { silentLogger } from '../lib/logger.ts';
import { describeError, scrub } from '../lib/sanitize.ts';
import { MIGRATE_FIX } from './database.ts';
import { readJobFunctions, withSql, type JobFunctionRow } from './sql.ts';
import { fail, isSkipped, listOf, pass, type Check, type VerifyContext } from './types.ts';

/** What the AI jobs call in batch mode (src/jobs/batchCollect.ts, batchSubmit.ts), and health reads. */
const BATCH_FUNCTIONS = [
  'cron_batch_open',
  'cron_batch_add_requests',
  'cron_batch_submitted',
  'cron_batches_unclosed',
  'cron_batch_claim',
  'cron_batch_note_status',
  'cron_batch_users',
  'cron_batch_requests',
  'cron_batch_close',
  'cron_batch_health',
] as const;

/** The SQL functions each job calls (src/jobs/*), the run engine's and the monitoring ones. */
export const JOB_FUNCTIONS: Record<JobName, readonly string[]> = {
  'weekly-digest': [
    'cron_digest_candidates',
    'cron_digest_pending_count',
    'cron_save_digests',
    ...BATCH_FUNCTIONS,
  ],
  'user-status': [
    'cron_status_candidates',
    'cron_status_pending_count',
    'cron_queue_notifications',
    'cron_activity_tracking',
  ],
  'plan-refresh': ['cron_plan_candidates', 'cron_plan_pending_count', 'cron_save_plans', ...BATCH_FUNCTIONS],
};
export const RUN_ENGINE_FUNCTIONS = [
  'cron_acquire_lease',
  'cron_renew_lease',
  'cron_release_lease',
  'cron_record_run',
  'cron_recent_runs',
] as const;
export const MONITORING_FUNCTIONS = [
  'cron_success_rates',
  'cron_performance',
  'cron_retry_rates',
  'cron_recent_errors',
  'cron_error_analysis',
  'cron_notification_trends',
  'cron_runs_since',
  'cron_prune',
  'cron_period_runs',
  'cron_ai_consent_users',
  'cron_consent_fallbacks',
  'cron_call_retry_rates',
  'cron_user_digests',
  'cron_user_plans',
  'cron_user_notifications',
  'cron_cost_by_week',
] as const;

/** A dry run that takes longer stops starting users and reports partial_success, which still passes. */
const DRY_RUN_BUDGET_MS = 8_000;

function readFunctions(ctx: VerifyContext, sql: Parameters<typeof readJobFunctions>[0]) {
  return ctx.memo('job-functions', () => readJobFunctions(sql));
}

function functionsPresent(name: string, wanted: readonly string[]): Check {
  return {
    group: 'jobs',
    name: `${name} functions`,
    run: (ctx) =>
      withSql(ctx, async (sql) => {
        const present = new Set((await readFunctions(ctx, sql)).map((f) => f.name));
        const missing = wanted.filter((fn) => !present.has(fn));
        if (missing.length > 0) return fail(`missing: ${listOf(missing, 4)}`, MIGRATE_FIX);
        return pass(listOf([...wanted], 4));
      }),
  };
}

const serviceRoleOnly: Check = {
  group: 'jobs',
  name: 'functions executable by service_role only',
  run: (ctx) =>
    withSql(ctx, async (sql) => {
      const functions = await readFunctions(ctx, sql);
      if (functions.length === 0) return fail('no public.cron_* function exists', MIGRATE_FIX);
      const rows = await sql.query<{
        signature: string;
        service: boolean;
        anon: boolean;
        authenticated: boolean;
        open: boolean;
      }>(
        `select p.oid::regprocedure::text as signature,
                has_function_privilege('service_role', p.oid, 'execute') as service,
                has_function_privilege('anon', p.oid, 'execute') as anon,
                has_function_privilege('authenticated', p.oid, 'execute') as authenticated,
                (p.proacl is null or exists (select 1 from aclexplode(p.proacl) a where a.grantee = 0)) as open
         from pg_proc p
         where p.pronamespace = 'public'::regnamespace and p.proname like 'cron\\_%'`,
      );
      const wrong = rows
        .map((r) => {
          const problems = [
            r.service ? null : 'service_role may not execute',
            r.open ? 'PUBLIC may execute' : null,
            r.anon && !r.open ? 'anon may execute' : null,
            r.authenticated && !r.open ? 'authenticated may execute' : null,
          ].filter((p): p is string => p !== null);
          return problems.length > 0 ? { signature: qualified(r.signature), problems } : null;
        })
        .filter((w) => w !== null);
      if (wrong.length > 0) {
        const first = wrong[0]!;
        return fail(
          `${wrong.length} of ${rows.length} wrong, e.g. ${first.signature}: ${first.problems.join(', ')}`,
          `Run, for each: revoke all on function ${first.signature} from public, anon, authenticated; ` +
            `grant execute on function ${first.signature} to service_role;`,
        );
      }
      return pass(`all ${rows.length} cron_* functions: service_role yes; anon, authenticated, PUBLIC no`);
    }),
};

const searchPath: Check = {
  group: 'jobs',
  name: 'functions resist search_path hijacking',
  run: (ctx) =>
    withSql(ctx, async (sql) => {
      const functions = await readFunctions(ctx, sql);
      const pinned = (f: JobFunctionRow) => (f.config ?? []).some((c) => c.startsWith('search_path='));
      const unsafe = functions.filter((f) => f.security_definer && !pinned(f)).map((f) => f.name);
      if (unsafe.length > 0) {
        return fail(
          `security definer without a pinned search_path: ${listOf(unsafe, 4)}`,
          "Recreate each as security invoker, or add `set search_path = ''` to it (in a new migration).",
        );
      }
      const definers = functions.filter((f) => f.security_definer).length;
      return pass(
        `${functions.length - definers} security invoker, ${definers} definer; ${functions.filter(pinned).length} pin search_path`,
      );
    }),
};

function dryRun(job: JobDefinition): Check {
  return {
    group: 'jobs',
    name: `dry run ${job.name}`,
    timeoutMs: 25_000,
    async run(ctx) {
      const db = await ctx.db();
      if (isSkipped(db)) return db;
      const options: RunOptions = {
        asOf: ctx.now(),
        dryRun: true,
        users: null,
        shard: null,
        concurrency: 4,
        timeBudgetMs: DRY_RUN_BUDGET_MS,
        trigger: 'cli',
        source: 'cli',
        runUrl: null,
      };
      let report;
      try {
        // 'openai' like production: without a key a dry run still works, as it writes nothing.
        report = await executeRun(
          { job: job.name, options, ai: 'openai' },
          { config: ctx.config!, log: silentLogger, db },
        );
      } catch (error) {
        return fail(
          `could not start: ${describeError(error)}`,
          `Run \`strukt-cron run ${job.name} --dry-run\` to see the whole error, then docs/troubleshooting.md.`,
        );
      }
      if (report.status === 'error') {
        return fail(
          `${job.functionName} ${scrub(report.message)}`,
          report.errors.some((e) => /42883|PGRST202|does not exist/.test(e))
            ? MIGRATE_FIX
            : `Run \`strukt-cron run ${job.name} --dry-run\` to see the whole report, then docs/troubleshooting.md.`,
        );
      }
      const c = report.counts;
      const budget =
        c.remaining > 0 ? `, ${c.remaining} left at the ${DRY_RUN_BUDGET_MS / 1000} s budget` : '';
      return pass(
        `${report.status}: ${scrub(report.message)} (${c.considered} considered${budget}, ${report.durationMs} ms)`,
      );
    },
  };
}

export function jobChecks(): Check[] {
  return [
    ...JOBS.map((job) => functionsPresent(job.name, JOB_FUNCTIONS[job.name])),
    functionsPresent('run engine', RUN_ENGINE_FUNCTIONS),
    functionsPresent('monitoring', MONITORING_FUNCTIONS),
    serviceRoleOnly,
    searchPath,
    ...JOBS.map(dryRun),
  ];
}

function qualified(signature: string): string {
  return signature.startsWith('public.') ? signature : `public.${signature}`;
}
