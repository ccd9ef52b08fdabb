/**
 * One Web-standard handler (Request -> Response) for the edge functions generateWeeklyDigest,
 * checkUserStatus and generatePlans (DESIGN §7). Deno serves it from supabase/functions/*, Node
 * from `strukt-cron serve`; both run the job through `executeRun`, like every other entry point.
 *
 * Order of checks: route (404), method (405), bearer (401), body (413, 400), run (409, 500, 200).
 */
import type { Config } from '../config/config.ts';
import { parseAsOf, parseUsers, type AiMode } from '../config/runOptions.ts';
import type { Db } from '../db/types.ts';
import { JOBS, type JobDefinition } from '../domain/jobs.ts';
import type { RunOptions } from '../domain/runRequest.ts';
import { executeRun } from '../jobs/execute.ts';
import { ConfigError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { describeError, scrub } from '../lib/sanitize.ts';
import type { RunReport } from '../runs/types.ts';
import { checkBearer } from './auth.ts';
import { RESULTS_KEY, type ErrorBody, type SuccessBody } from './contract.ts';
import { readRequestBody } from './requestBody.ts';
import { resultEntries } from './resultEntries.ts';

export type Handler = (request: Request) => Promise<Response>;

/**
 * Supabase stops a function after 150 s of wall clock on the free plan. Starting no new users
 * after 120 s leaves the users in flight, the run record and the response time to finish.
 */
export const DEFAULT_TIME_BUDGET_MS = 120_000;

export interface HandlerDeps {
  config: Config;
  log: Logger;
  /** @default executeRun */
  execute?: typeof executeRun;
  /** The clock a request without `asOf` runs at. @default () => new Date() */
  now?: () => Date;
  /** The time budget of every run, and the most a request's `timeBudgetMs` may ask for. @default 120_000 */
  defaultTimeBudgetMs?: number;
  /**
   * How digests and plans are written. `openai` fails fast (500, naming OPENAI_API_KEY) when the
   * key is missing, as a production run must (DESIGN §6); dry runs and the status check need no
   * key either way. @default 'openai'
   */
  ai?: AiMode;
  /** The function names this handler answers for; a deployed function serves only its own. @default all */
  functions?: readonly string[];
  /** An open database kept by a long-lived server; without it each run opens and closes its own. */
  db?: Db;
  /** Users processed at once. @default 8 */
  concurrency?: number;
  /** Waits between retries inside the run. @default a real timer */
  sleep?: (ms: number) => Promise<void>;
}

/** Paths a function answers at: `/<name>` (what Supabase hands a function) or `/functions/v1/<name>`. */
const FUNCTIONS_PREFIX = ['functions', 'v1'];

export function createHandler(deps: HandlerDeps): Handler {
  const served = servedJobs(deps.functions);
  const execute = deps.execute ?? executeRun;
  const now = deps.now ?? (() => new Date());
  const budget = deps.defaultTimeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  if (!Number.isInteger(budget) || budget < 1) {
    throw new Error(`Invalid defaultTimeBudgetMs ${budget}. Expected a whole number of ms from 1 up.`);
  }
  const keys = [deps.config.supabaseServiceRoleKey, deps.config.cronSecret].filter(
    (k): k is string => typeof k === 'string' && k !== '',
  );

  async function handle(request: Request, log: Logger): Promise<Response> {
    const job = route(new URL(request.url).pathname, served);
    if (!job) {
      const names = [...served.keys()].join(', ');
      const error = `No such function. Expected POST /functions/v1/<name> with one of: ${names}.`;
      return errorResponse(404, { code: 'not_found', error });
    }
    const scoped = log.child({ function: job.functionName });
    if (request.method !== 'POST') {
      const error = `Method ${request.method} not allowed. Expected POST.`;
      return errorResponse(405, { code: 'method_not_allowed', error }, { Allow: 'POST' });
    }
    if (keys.length === 0) {
      // Never fall back to accepting anyone: an unset secret must not open the functions.
      scoped.error('no bearer key configured: set SUPABASE_SERVICE_ROLE_KEY or STRUKT_CRON_SECRET');
      const error =
        'Server not configured: it accepts no bearer key (set SUPABASE_SERVICE_ROLE_KEY or STRUKT_CRON_SECRET).';
      return errorResponse(500, { code: 'misconfigured', error });
    }
    const auth = await checkBearer(request.headers.get('authorization'), keys);
    if (!auth.ok) {
      scoped.warn('unauthorized request', { reason: auth.reason });
      return errorResponse(401, { code: 'unauthorized', error: 'Unauthorized' });
    }

    const read = await readRequestBody(request);
    if (!read.ok) return errorResponse(read.status, { code: read.code, error: read.error });
    // Off unless asked for: the answer of a scheduled call is stored where others may read it.
    const detail = read.body.detail === true;
    if (detail) scoped.info('per-user detail requested: the answer carries user ids and texts');
    let options: RunOptions;
    try {
      const body = read.body;
      options = {
        asOf: parseAsOf(body.asOf, 'asOf', now),
        dryRun: body.dryRun ?? false,
        users: parseUsers(body.users, 'users'),
        shard: null,
        concurrency: deps.concurrency ?? 8,
        // A request may shorten the budget, never stretch it past the platform's wall clock.
        timeBudgetMs: Math.min(body.timeBudgetMs ?? budget, budget),
        trigger: 'http',
        source: 'edge',
        runUrl: deps.config.github.runUrl,
        nudges: body.nudges ?? deps.config.nudges,
      };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return errorResponse(400, { code: 'bad_request', error: error.message });
    }

    let report: RunReport;
    try {
      report = await execute(
        { job: job.name, options, ai: writerFor(deps.ai ?? 'openai', read.body.ai) },
        { config: deps.config, log: scoped, db: deps.db, sleep: deps.sleep },
      );
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      // The caller holds a key by now, and ConfigError messages never carry secret values.
      scoped.error('server misconfigured', { error: describeError(error) });
      return errorResponse(500, {
        code: 'misconfigured',
        error: `Server misconfigured: ${scrub(error.message)}`,
      });
    }
    return reportResponse(job, report, detail);
  }

  return async (request: Request): Promise<Response> => {
    const started = Date.now();
    let response: Response;
    try {
      response = await handle(request, deps.log);
    } catch (error) {
      // Whatever it was, the caller gets no detail: the log has it (sanitized).
      deps.log.error('request failed', { error: describeError(error) });
      response = errorResponse(500, { code: 'internal', error: 'Internal error' });
    }
    deps.log.info('request', {
      method: request.method,
      path: new URL(request.url).pathname,
      status: response.status,
      duration_ms: Date.now() - started,
    });
    return response;
  };
}

/**
 * The answer for a finished run: 200, or 409 / 500 with the run's verdict. The 200 lists each
 * user as a ResultEntry, or with `detail` as the job reported them (ids and texts included).
 */
async function reportResponse(job: JobDefinition, report: RunReport, detail: boolean): Promise<Response> {
  if (report.status === 'skipped') {
    const error = `Another run of ${job.functionName} is in progress`;
    return errorResponse(409, { code: 'run_in_progress', error, status: 'skipped' });
  }
  if (report.status === 'error') {
    const error = scrub(report.message);
    return errorResponse(500, { code: 'run_failed', error, runId: report.runId, status: 'error' });
  }
  if (!report.dryRun && !report.recorded) {
    // `strukt-cron run` exits 1 here too: a run missing from admin.system_cron_logs blinds the health check.
    const error = `${job.functionName} ended ${report.status} but the run could not be recorded in system_cron_logs.`;
    return errorResponse(500, {
      code: 'run_not_recorded',
      error,
      runId: report.runId,
      status: report.status,
    });
  }
  const body: SuccessBody = {
    success: true,
    message: report.message,
    [RESULTS_KEY[job.name]]: detail
      ? report.results
      : await resultEntries(job.name, report.results, report.dryRun),
    status: report.status,
    runId: report.runId,
    dryRun: report.dryRun,
    counts: report.counts,
  };
  if (report.status === 'partial_success') body.remaining = report.counts.remaining;
  return json(200, body);
}

function servedJobs(names: readonly string[] | undefined): Map<string, JobDefinition> {
  const served = new Map<string, JobDefinition>();
  for (const name of names ?? JOBS.map((j) => j.functionName)) {
    const job = JOBS.find((j) => j.functionName === name);
    if (!job) {
      const valid = JOBS.map((j) => j.functionName).join(', ');
      throw new Error(`Unknown function '${name}'. Expected one of: ${valid}.`);
    }
    served.set(name, job);
  }
  return served;
}

function route(pathname: string, served: Map<string, JobDefinition>): JobDefinition | undefined {
  const segments = pathname.split('/').filter((s) => s !== '');
  const name = segments.pop();
  if (name === undefined) return undefined;
  const prefixOk =
    segments.length === 0 ||
    (segments.length === FUNCTIONS_PREFIX.length && segments.every((s, i) => s === FUNCTIONS_PREFIX[i]));
  return prefixOk ? served.get(name) : undefined;
}

function errorResponse(
  status: number,
  body: Omit<ErrorBody, 'success'>,
  headers: Record<string, string> = {},
): Response {
  return json(status, { success: false, ...body } satisfies ErrorBody, headers);
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/** The writer of a call: the body's choice, except that a function deployed offline stays offline. */
function writerFor(deployed: AiMode, asked: 'openai' | 'batch' | undefined): AiMode {
  return deployed === 'offline' || asked === undefined ? deployed : asked;
}
