/**
 * The HTTP contract of the edge functions (DESIGN §7), shared by the handler that answers and the
 * client that invokes: the request body, the success and error bodies, and the error codes.
 *
 * The success bodies keep the seed's shape — `{"success": true, "message": "Generated N weekly
 * digests", "results": [...]}` and `{..., "notifications": [...]}` — plus `status`, `runId`,
 * `dryRun`, `counts` and, on a partial run, `remaining`.
 */
import { z } from 'zod';
import type { JobName } from '../jobs/registry.ts';
import type { RunCounts } from '../runs/types.ts';

/** Larger request bodies are refused with 413 (a full list of users fits many times over). */
export const MAX_BODY_BYTES = 64 * 1024;

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
      .max(10_000)
      .optional(),
    /** Start no new users after this long; never more than the server's own budget. */
    timeBudgetMs: z.number().int().min(1).max(MAX_TIME_BUDGET_MS).optional(),
    /**
     * checkUserStatus: also queue one inactivity nudge per lapse. @default the function's own
     * STRUKT_NUDGES (off). Ignored by the other functions.
     */
    nudges: z.boolean().optional(),
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

export interface SuccessBody {
  success: true;
  message: string;
  status: 'success' | 'partial_success';
  runId: string;
  dryRun: boolean;
  counts: RunCounts;
  /** Users left for the next run; present only when the time budget ran out. */
  remaining?: number;
  results?: Array<Record<string, unknown>>;
  notifications?: Array<Record<string, unknown>>;
  plans?: Array<Record<string, unknown>>;
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
