/**
 * Security checks, asked the way an attacker would: switch to anon or authenticated (as
 * PostgREST does) and try to read the run log or call a job function. Reading the grants is not
 * enough — a grant to PUBLIC or a forgotten policy only shows when the statement actually runs.
 * service_role needs nothing but EXECUTE on the cron_* functions (they run as their owner), so
 * it is asked through them, never for the run log directly: STRUKT's service_role has no USAGE on
 * schema admin.
 */
import { describeError } from '../lib/sanitize.ts';
import { recentRuns } from '../sql/runLog.ts';
import { REQUIRED_TABLES } from './database.ts';
import { keyShape } from './keys.ts';
import { isPermissionDenied, nullCall, readJobFunctions, tryAsRole, withSql, type ApiRole } from './sql.ts';
import { fail, isSkipped, listOf, pass, skip, type Check, type VerifyContext } from './types.ts';

/**
 * No API role but service_role may touch these (DESIGN §3); the jobs reach them only through cron_*
 * functions. The notification ledger is what keeps users from resetting their own cooldowns: a
 * user who could write it could do so again.
 */
const SERVICE_ONLY_TABLES = [
  'admin.system_cron_logs',
  'public.cron_leases',
  'strukt.notification_ledger',
  'strukt.ai_batches',
  'strukt.ai_batch_requests',
] as const;

const rowLevelSecurity: Check = {
  group: 'database',
  name: 'row level security',
  run: (ctx) =>
    withSql(ctx, async (sql) => {
      const rows = await sql.query<{ name: string }>(
        `select t as name from unnest($1::text[]) t
         left join pg_class c on c.oid = to_regclass(t)
         where not coalesce(c.relrowsecurity, false)`,
        [REQUIRED_TABLES],
      );
      const off = rows.map((r) => r.name);
      if (off.length > 0) {
        return fail(
          `not enabled on ${listOf(off)}`,
          `Run: ${off.map((t) => `alter table ${t} enable row level security;`).join(' ')}`,
        );
      }
      return pass(`enabled on all ${REQUIRED_TABLES.length} tables`);
    }),
};

/**
 * anon and authenticated may neither read the run log, the leases or the notification ledger
 * (asked by reading, as the role) nor hold any privilege on them: a SELECT granted on
 * admin.system_cron_logs is refused today only because the role lacks USAGE on schema admin, and
 * leaks the day someone grants it (the same for the ledger and schema strukt).
 */
function deniedOnTables(role: Exclude<ApiRole, 'service_role'>): Check {
  return {
    group: 'database',
    name: `${role} denied on system_cron_logs`,
    run: (ctx) =>
      withSql(ctx, async (sql) => {
        const leaks: string[] = [];
        for (const table of SERVICE_ONLY_TABLES) {
          const attempt = await tryAsRole(sql, role, `select 1 from ${table} limit 1`);
          if (attempt.allowed) leaks.push(`may select from ${table} (read ${attempt.rows.length} rows)`);
          else if (!isPermissionDenied(attempt)) leaks.push(`${table}: unexpected ${attempt.message}`);
          const [held] = await sql.query<{ privileges: string[] }>(
            `select array(select p from unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) p
                          where has_table_privilege($1, to_regclass($2), p)) as privileges`,
            [role, table],
          );
          const granted = (held?.privileges ?? []).filter((p) => !(p === 'SELECT' && attempt.allowed));
          if (granted.length > 0) leaks.push(`holds ${granted.join('/')} on ${table}`);
        }
        if (leaks.length > 0) {
          return fail(
            `${role} ${listOf(leaks, 3)}`,
            `Run: revoke all on ${SERVICE_ONLY_TABLES.join(', ')} from public, anon, authenticated;`,
          );
        }
        return pass(
          `as ${role}, reading ${listOf(SERVICE_ONLY_TABLES)} is refused (42501) and no privilege is held`,
        );
      }),
  };
}

function deniedOnFunctions(role: Exclude<ApiRole, 'service_role'>): Check {
  return {
    group: 'database',
    name: `${role} denied on job functions`,
    run: (ctx) =>
      withSql(ctx, async (sql) => {
        const functions = await readJobFunctions(sql);
        if (functions.length === 0)
          return fail('no public.cron_* function exists', 'Run `strukt-cron db migrate`.');
        const callable: string[] = [];
        for (const fn of functions) {
          // Executed only if the role may: then with nulls, inside a transaction that is rolled back.
          const attempt = await tryAsRole(sql, role, nullCall(fn));
          if (!isPermissionDenied(attempt)) callable.push(fn.name);
        }
        if (callable.length > 0) {
          return fail(
            `${role} may call ${listOf(callable, 4)}`,
            `Run, for each: revoke all on function public.<name>(<args>) from public, anon, authenticated; ` +
              'grant execute on function public.<name>(<args>) to service_role;',
          );
        }
        return pass(`all ${functions.length} cron_* functions refuse ${role} (42501)`);
      }),
  };
}

const serviceRoleAllowed: Check = {
  group: 'database',
  name: 'service_role allowed',
  async run(ctx) {
    const parts: string[] = [];
    const sql = await ctx.sql();
    if (!isSkipped(sql)) {
      // The run log through its reader, the leases through a release that holds nothing (no write).
      for (const statement of [
        `select * from public.cron_recent_runs('generateWeeklyDigest', 1)`,
        `select public.cron_release_lease('strukt-cron verify', '00000000-0000-0000-0000-000000000000')`,
      ]) {
        const attempt = await tryAsRole(sql, 'service_role', statement);
        if (!attempt.allowed) {
          return fail(
            `as service_role, "${statement}" failed: ${attempt.message}`,
            'Run `strukt-cron db migrate`: it grants service_role EXECUTE on the cron_* functions, which ' +
              'read and write admin.system_cron_logs and public.cron_leases as their owner.',
          );
        }
      }
      parts.push('as service_role, cron_recent_runs and cron_release_lease answer');
    }
    if (ctx.transport === 'supabase') {
      const db = await ctx.db();
      if (isSkipped(db)) return db;
      try {
        await recentRuns(db, { p_function_name: 'generateWeeklyDigest', p_limit: 1 });
        parts.push('RPC with the service-role key answers');
      } catch (error) {
        return fail(
          `RPC cron_recent_runs with the service-role key failed: ${describeError(error)}`,
          "Set SUPABASE_SERVICE_ROLE_KEY to the project's service_role key, and run `strukt-cron db migrate`.",
        );
      }
    }
    if (parts.length === 0) return skip(isSkipped(sql) ? sql.reason : 'nothing to ask');
    return pass(parts.join('; '));
  },
};

/** The same questions through the project's API with the anon key, as a browser would ask them. */
const anonDeniedThroughApi: Check = {
  group: 'database',
  name: 'anon denied through PostgREST',
  async run(ctx) {
    if (ctx.transport !== 'supabase' || !ctx.config?.supabaseUrl) {
      return skip('needs the supabase transport (SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY)');
    }
    const key = ctx.options.anonKey;
    if (!key) return skip('pass --anon-key to ask the API as anon');
    const base = `${ctx.config.supabaseUrl}/rest/v1`;
    // A legacy anon key is a JWT and goes in both headers; the newer sb_publishable_ keys only in apikey.
    const headers: Record<string, string> = { apikey: key, 'Content-Type': 'application/json' };
    if (keyShape(key).kind === 'jwt') headers.Authorization = `Bearer ${key}`;
    const probes = [
      // The run log lives in schema admin: ask for it there, as a client naming the schema would.
      {
        what: 'GET admin.system_cron_logs',
        url: `${base}/system_cron_logs?select=id&limit=1`,
        init: { headers: { ...headers, 'Accept-Profile': 'admin' } },
      },
      { what: 'GET cron_leases', url: `${base}/cron_leases?select=lease_key&limit=1`, init: { headers } },
      {
        what: 'RPC cron_recent_runs',
        url: `${base}/rpc/cron_recent_runs`,
        init: {
          method: 'POST',
          headers,
          body: JSON.stringify({ p_function_name: 'generateWeeklyDigest', p_limit: 1 }),
        },
      },
      {
        what: 'RPC cron_status_candidates',
        url: `${base}/rpc/cron_status_candidates`,
        init: {
          method: 'POST',
          headers,
          body: JSON.stringify({ p_as_of: ctx.now().toISOString(), p_limit: 1 }),
        },
      },
    ];
    const leaks: string[] = [];
    const unusable: string[] = [];
    for (const probe of probes) {
      const answer = await askAsAnon(ctx, probe.url, probe.init);
      if (answer.kind === 'leak') leaks.push(`${probe.what}: ${answer.text}`);
      if (answer.kind === 'unusable') unusable.push(`${probe.what}: ${answer.text}`);
    }
    if (unusable.length > 0) {
      return fail(
        `could not ask as anon: ${listOf(unusable, 2)}`,
        "Pass the project's current anon key (Project Settings → API) and check SUPABASE_URL.",
      );
    }
    if (leaks.length > 0) {
      return fail(
        `the anon key is let through: ${listOf(leaks, 2)}`,
        'Run `strukt-cron db migrate` (it revokes these from anon and authenticated), then reload the API: ' +
          "notify pgrst, 'reload schema';",
      );
    }
    return pass(`${probes.length} requests with the anon key were refused`);
  },
};

type AnonAnswer = { kind: 'refused' } | { kind: 'leak'; text: string } | { kind: 'unusable'; text: string };

/** Whether the API refused the request as a permission matter, let it through, or refused the key itself. */
async function askAsAnon(ctx: VerifyContext, url: string, init: RequestInit): Promise<AnonAnswer> {
  let response: Response;
  try {
    response = await ctx.options.fetch(url, init);
  } catch (error) {
    return { kind: 'unusable', text: `no answer (${describeError(error)})` };
  }
  const body = await response.text();
  if (response.ok) return { kind: 'leak', text: `HTTP ${response.status}, answered` };
  let code: unknown;
  try {
    code = (JSON.parse(body) as { code?: unknown }).code;
  } catch {
    code = undefined;
  }
  const shown = `HTTP ${response.status}${typeof code === 'string' ? ` ${code}` : ''}`;
  // PGRST301-303: the JWT itself was refused, which says nothing about what anon may do.
  if (typeof code === 'string' && /^PGRST30\d$/.test(code)) return { kind: 'unusable', text: shown };
  // 42501: permission denied (401 for anon); PGRST202/PGRST205: not visible to this role at all;
  // PGRST106: the schema is not exposed by the API.
  if (code === '42501' || code === 'PGRST106' || code === 'PGRST202' || code === 'PGRST205')
    return { kind: 'refused' };
  if (response.status === 401 || response.status === 403) return { kind: 'refused' };
  return { kind: 'leak', text: `${shown}, expected a permission error` };
}

export function securityChecks(ctx: VerifyContext): Check[] {
  const checks: Check[] = [
    rowLevelSecurity,
    deniedOnTables('anon'),
    deniedOnTables('authenticated'),
    deniedOnFunctions('anon'),
    deniedOnFunctions('authenticated'),
    serviceRoleAllowed,
  ];
  if (ctx.transport === 'supabase' || ctx.options.anonKey) checks.push(anonDeniedThroughApi);
  return checks;
}
