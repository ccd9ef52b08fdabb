/**
 * What a run is asked to do, as every entry point parses it (CLI flags, action inputs, HTTP
 * bodies; src/config/runOptions.ts): the run lifecycle (src/runs/) and the jobs read it.
 */
/** What started the run. */
export type Trigger = 'schedule' | 'dispatch' | 'http' | 'cli';
/** Where the run executed. */
export type Source = 'github' | 'edge' | 'cli';

export interface Shard {
  index: number;
  count: number;
}

/** Most user ids one run may name (`--users`, the action input, an edge function's body). */
export const MAX_RUN_USERS = 10_000;

export interface RunOptions {
  /** The run's clock: periods and windows are computed from it (backfills, catch-ups, tests). */
  asOf: Date;
  /** Decide everything, write nothing (no notes, notifications, plans, lease or log row). */
  dryRun: boolean;
  /** Only these user ids (null: every candidate). */
  users: string[] | null;
  shard: Shard | null;
  /**
   * Users processed at once, at most; null (`auto`, the default) keeps as many in progress as
   * the AI writer can use, so that the OpenAI rate limit is filled (src/jobs/fanOut.ts).
   */
  concurrency: number | null;
  /** Past this, no new users are started; the run ends partial_success. null: no budget. */
  timeBudgetMs: number | null;
  trigger: Trigger;
  source: Source;
  /** Link to the GitHub Actions run, recorded in the run's details. */
  runUrl: string | null;
  /** Candidates per page (≤ 1,000: PostgREST's cap). */
  pageSize?: number;
  /**
   * user-status only: also queue one inactivity nudge per lapse (STRUKT_NUDGES, `--nudges`, the
   * run-job input `nudges`). Opt-in, as the seed puts smart nudging in Phase 4. @default false
   */
  nudges?: boolean;
}
