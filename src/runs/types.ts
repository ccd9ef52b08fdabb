/**
 * Glossary
 * - run: one execution of one job (and shard), with a run id and one row in system_cron_logs.
 * - slot: a moment the job's cron schedule names; period: the data window a run covers.
 * - shard: `i/n` — the users whose id hashes to i mod n; each shard has its own lease and log row.
 * - lease: a row in cron_leases that keeps a second live run of the same job and shard out.
 * - attempt: one try of one call. A run's `attempts` counts tries of its own work — its database
 *   reads and writes — as the most any one of them needed (1: nothing was retried). OpenAI calls
 *   are counted apart (`ai.calls`, `ai.retriedCalls`), so one retried call does not mark the run.
 */
import type { JobName } from '../domain/jobs.ts';
import type { Shard, Source, Trigger } from '../domain/runRequest.ts';

export type RunStatus = 'success' | 'partial_success' | 'error';
export interface RunCounts {
  considered: number;
  succeeded: number;
  failed: number;
  skipped: Record<string, number>;
  /** Candidates not started because the time budget ran out; the next run takes them. */
  remaining: number;
}

export interface AiUsageSummary {
  model: string | null;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  estimatedCostUsd: number;
  /** OpenAI calls made (one per digest or plan that reached OpenAI, however many tries it took). */
  calls: number;
  /** Calls that needed more than one try. */
  retriedCalls: number;
  /** Batch mode: the part of the figures above billed through the Batch API (answers collected). */
  batch?: { requests: number; promptTokens: number; completionTokens: number; estimatedCostUsd: number };
}

/** What every caller (CLI, action, HTTP handler) gets back from a run. */
export interface RunReport {
  runId: string;
  job: JobName;
  functionName: string;
  /** `skipped`: another live run holds the lease; nothing ran and nothing was recorded. */
  status: RunStatus | 'skipped';
  message: string;
  dryRun: boolean;
  period: { start: string; end: string } | null;
  asOf: string;
  startedAt: string;
  durationMs: number;
  /** Tries of the run's own database work: the most any one of its database calls needed. */
  attempts: number;
  counts: RunCounts;
  /** Job-specific figures, e.g. notifications by type and priority. */
  figures: Record<string, number>;
  /** Per-user results (bounded); carries user data, so never logged or put in summaries. */
  results: Array<Record<string, unknown>>;
  /** Sanitized error lines (no user data), bounded. */
  errors: string[];
  shard: Shard | null;
  /** How many users the run was limited to (`users`); null for every user. Never the ids. */
  usersFiltered: number | null;
  trigger: Trigger;
  source: Source;
  runUrl: string | null;
  ai: AiUsageSummary;
  /** Whether the system_cron_logs row was written (false for dry and skipped runs, or when the database failed). */
  recorded: boolean;
}
