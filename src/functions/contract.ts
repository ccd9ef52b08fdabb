/**
 * The HTTP contract of the edge functions (DESIGN §7), shared by the handler that answers and the
 * client that invokes: the request body, the success and error bodies, and the error codes.
 *
 * The success bodies keep the seed's shape — `{"success": true, "message": "Generated N weekly
 * digests", "results": [...]}` and `{..., "notifications": [...]}` — plus `status`, `runId`,
 * `dryRun`, `counts` and, on a partial run, `remaining`. The arrays hold `ResultEntry`s, which
 * say what happened to each user but not who they are, unless the request asks for `detail`.
 */
import { z } from 'zod';
import type { JobName } from '../domain/jobs.ts';
import type { RunCounts } from '../runs/types.ts';

/** Larger request bodies are refused with 413. */
export const MAX_BODY_BYTES = 64 * 1024;
/**
 * Most user ids a request may name: as UUIDs in JSON (~39 bytes each) they fit in MAX_BODY_BYTES
 * with room for the other fields. A CLI or action run on the runner may name more (MAX_RUN_USERS).
 */
export const MAX_REQUEST_USERS = 1_000;

/** The longest time budget a request may ask for; the handler's own default caps it further. */
const MAX_TIME_BUDGET_MS = 6 * 3_600_000;

/**
 * The optional JSON body of a request. Unknown fields are refused rather than ignored, so a
 * misspelt `dryrun` cannot turn a dry run into a real one.
 */
export const requestBodySchema = z
  .object({
    /** Decide everything, write nothing. @default false */
    dryRun: z.boolean().optional(),
    /** The run's clock, ISO 8601 (backfills, catch-ups). @default the server's now */
    asOf: z.string().max(64).optional(),
    /**
     * Only these user ids (UUIDs). @default every candidate. An empty list is refused rather
     * than read as "everyone": a caller whose filter matched nobody must not run for all.
     */
    users: z
      .array(z.string().max(64))
      .min(1, 'expected at least one user id (leave the field out to run for every user)')
      .max(MAX_REQUEST_USERS)
      .optional(),
    /** Start no new users after this long; never more than the server's own budget. */
    timeBudgetMs: z.number().int().min(1).max(MAX_TIME_BUDGET_MS).optional(),
    /**
     * checkUserStatus: also queue one inactivity nudge per lapse. @default the function's own
     * STRUKT_NUDGES (off). Ignored by the other functions.
     */
    nudges: z.boolean().optional(),
    /**
     * weekly-digest and plan-refresh: `batch` submits to OpenAI's Batch API (collected by a later
     * call), `openai` calls it directly. @default the function's own mode. A function deployed
     * offline stays offline. Ignored by checkUserStatus.
     */
    ai: z.enum(['openai', 'batch']).optional(),
    /**
     * Answer with the per-user rows as the jobs report them — user ids and digest text included —
     * instead of `ResultEntry`s. Only for a caller that shows them to someone entitled to see them:
     * a scheduler's answers are stored (pg_cron keeps each in net._http_response). @default false
     */
    detail: z.boolean().optional(),
  })
  .strict();

export type RequestBody = z.infer<typeof requestBodySchema>;

/**
 * Machine-readable reasons of error bodies, so clients branch on codes rather than messages.
 * - `run_failed`, `run_not_recorded`, `misconfigured`: the request reached a verdict that a
 *   retry will not change (the run's own calls were already retried on the seed's schedule).
 * - `internal`: something unexpected; a retry may help.
 */
export type ErrorCode =
  | 'not_found'
  | 'method_not_allowed'
  | 'unauthorized'
  | 'payload_too_large'
  | 'bad_request'
  | 'run_in_progress'
  | 'run_failed'
  | 'run_not_recorded'
  | 'misconfigured'
  | 'internal';

/** Error codes of 5xx answers that a retry cannot change. */
export const FINAL_ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'run_failed',
  'run_not_recorded',
  'misconfigured',
]);

/** Where each job's per-user results go in the success body (the seed's names). */
export const RESULTS_KEY: Record<JobName, 'results' | 'notifications' | 'plans'> = {
  'weekly-digest': 'results',
  'user-status': 'notifications',
  'plan-refresh': 'plans',
};

/** What happened to a user: written or queued, or in a dry run what would have been. */
export type ResultOutcome = 'written' | 'queued' | 'would_write' | 'would_queue';

/**
 * One user's entry in the `results`, `notifications` or `plans` of an answer without `detail`.
 * It says what happened and with which figures, never who: no user id, name, email, digest,
 * plan or notification text. Answers are kept where others may read them (pg_cron's are stored
 * in net._http_response, which recent pg_net versions let PUBLIC select from).
 */
export interface ResultEntry {
  /**
   * Opaque, and meaningful within this answer only: `r_` and 12 hex digits. One user has one
   * ref in an answer, and unrelated refs in two answers; no one can compute it from a user id
   * (see `resultEntries`).
   */
  ref: string;
  outcome: ResultOutcome;
  /** weekly-digest and plan-refresh: how it was written (`ai`, `template`, `fallback`). */
  method?: string;
  /** weekly-digest: the user's coach messages in the period. */
  logCount?: number;
  /** plan-refresh: the new plan's version. */
  version?: number;
  /** user-status: the notification's type, e.g. `ai_coach_proactive`. */
  type?: string;
  /** user-status: `normal` or `high`. */
  priority?: string;
  /** user-status: stressful days in the window. */
  stressfulDays?: number;
  /** user-status: what showed the stress (`messages`, `mood`, `both`, `streak`, `unknown`). */
  evidence?: string;
}

/**
 * The fields of a job's result rows an entry may carry: outcomes, methods and counts. A list of
 * what is allowed rather than of what is not, so a field a job adds to its rows later stays out
 * of the answers until someone decides it says nothing about who the user is.
 */
export const ENTRY_FIELDS = {
  'weekly-digest': ['method', 'logCount'],
  'user-status': ['type', 'priority', 'stressfulDays', 'evidence'],
  'plan-refresh': ['method', 'version'],
} as const satisfies Record<JobName, ReadonlyArray<Exclude<keyof ResultEntry, 'ref' | 'outcome'>>>;

/** Per-user rows as the jobs report them (`RunReport.results`): sent only on `detail: true`. */
export type DetailRow = Record<string, unknown>;

export interface SuccessBody {
  success: true;
  message: string;
  status: 'success' | 'partial_success';
  runId: string;
  dryRun: boolean;
  counts: RunCounts;
  /** Users left for the next run; present only when the time budget ran out. */
  remaining?: number;
  /** `ResultEntry`s; `DetailRow`s when the request asked for `detail`. */
  results?: ResultEntry[] | DetailRow[];
  notifications?: ResultEntry[] | DetailRow[];
  plans?: ResultEntry[] | DetailRow[];
}

export interface ErrorBody {
  success: false;
  /** What went wrong, for a person; never a stack trace or a secret. */
  error: string;
  code?: ErrorCode;
  /** Set when a run was started (a failed or unrecorded run). */
  runId?: string;
  status?: 'error' | 'skipped' | 'success' | 'partial_success';
}

/** Entries or detail rows: a client reads both, and a seed-era deployment's rows too. */
const resultRows = z.array(z.record(z.string(), z.unknown()));

const countsSchema = z.looseObject({
  considered: z.number(),
  succeeded: z.number(),
  failed: z.number(),
  skipped: z.record(z.string(), z.number()),
  remaining: z.number(),
});

/**
 * What a client accepts as a success body: lenient about fields added later and about the ones
 * a seed-era function did not send (`status`, `runId`, `counts`), so invoking an older
 * deployment still works.
 */
export const successBodySchema = z.looseObject({
  success: z.literal(true),
  message: z.string(),
  status: z.enum(['success', 'partial_success']).optional(),
  runId: z.string().optional(),
  dryRun: z.boolean().optional(),
  counts: countsSchema.optional(),
  remaining: z.number().int().min(0).optional(),
  results: resultRows.optional(),
  notifications: resultRows.optional(),
  plans: resultRows.optional(),
});

export const errorBodySchema = z.looseObject({
  success: z.literal(false),
  error: z.string(),
  code: z.string().optional(),
  runId: z.string().optional(),
  status: z.string().optional(),
});

/** Any body the functions answer with. */
export const responseBodySchema = z.discriminatedUnion('success', [successBodySchema, errorBodySchema]);

export type ParsedSuccessBody = z.infer<typeof successBodySchema>;
export type ParsedErrorBody = z.infer<typeof errorBodySchema>;
