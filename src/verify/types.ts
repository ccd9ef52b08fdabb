/**
 * `strukt-cron verify`: live checks of a deployment, each answering one question with ✓/✗ (or ○
 * when it cannot be asked here, ! when it holds but deserves a look), a one-line reason and, on
 * failure or warning, the fix.
 *
 * Glossary
 * - check: one question about the deployment (`database / system_cron_logs indexes`).
 * - group: the part a check looks at — configuration, database, jobs, openai, functions, repository.
 * - outcome: pass or fail with a reason (and a fix when failing), or skipped with the reason it
 *   could not be asked (no DATABASE_URL, no --functions-url, …). Skipped is neither pass nor fail.
 *   A warning is a pass that will surprise someone (a key set that no user can use): it never
 *   fails verify, and prints distinctly, with its fix.
 * - raw SQL: checks that read the catalog or switch roles need a direct connection; the supabase
 *   transport only has RPC, so they are skipped there unless DATABASE_URL is set too.
 */
import type { Config } from '../config/config.ts';
import type { Db, SqlClient, Transport } from '../db/types.ts';

export type CheckGroup = 'configuration' | 'database' | 'jobs' | 'openai' | 'functions' | 'repository';

export type Verdict = { ok: boolean; reason: string; fix?: string };
export type Skipped = {
  skipped: true;
  reason: string;
  /** The underlying error, for the one check that reports it (e.g. database / reachable). */
  detail?: string;
};
export type Warned = { warn: true; reason: string; fix: string };
export type CheckOutcome = Verdict | Skipped | Warned;

export interface Check {
  group: CheckGroup;
  name: string;
  /** Longer than this and the check fails as timed out. @default 20_000 */
  timeoutMs?: number;
  run(ctx: VerifyContext): Promise<CheckOutcome>;
}

export interface VerifyOptions {
  /** Do not call OpenAI (the key check is skipped with a notice). */
  skipOpenai: boolean;
  /** The edge functions' base URL, e.g. `https://<ref>.supabase.co/functions/v1`; null skips them. */
  functionsUrl: string | null;
  /** The project's anon key, to check through PostgREST that anon is refused. */
  anonKey: string | null;
  /** The repository to check workflows and bundles in. */
  repoDir: string;
  /** True when --repo-dir named it: then a folder without workflows is a failure, not a skip. */
  repoDirExplicit: boolean;
  /** @default the global fetch */
  fetch: typeof fetch;
}

/** What every check gets: the configuration (or why it is invalid) and lazily opened connections. */
export interface VerifyContext {
  /** null when the environment is invalid; `configError` says why. */
  readonly config: Config | null;
  readonly configError: string | null;
  /** The transport the configuration selects (null with an invalid configuration). */
  readonly transport: Transport | null;
  readonly options: VerifyOptions;
  /** Raw SQL, or why there is none here (skipped with that reason by the checks that need it). */
  sql(): Promise<SqlClient | Skipped>;
  /** The jobs' Db on the configured transport (RPC on supabase). */
  db(): Promise<Db | Skipped>;
  /** A value computed once per verify run and shared by the checks that need it. */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
  now(): Date;
}

export type CheckStatus = 'pass' | 'fail' | 'skip' | 'warn';

export interface CheckResult {
  group: CheckGroup;
  name: string;
  status: CheckStatus;
  reason: string;
  fix?: string;
  durationMs: number;
}

export interface VerifyResult {
  ok: boolean;
  transport: Transport | null;
  passed: number;
  failed: number;
  skipped: number;
  /** Checks that passed with a warning; they are not counted in `passed` and never make `ok` false. */
  warned: number;
  durationMs: number;
  checks: CheckResult[];
}

export function isSkipped(outcome: unknown): outcome is Skipped {
  return typeof outcome === 'object' && outcome !== null && (outcome as Skipped).skipped === true;
}

export const pass = (reason: string): Verdict => ({ ok: true, reason });
export const fail = (reason: string, fix: string): Verdict => ({ ok: false, reason, fix });
export const skip = (reason: string): Skipped => ({ skipped: true, reason });
export const warn = (reason: string, fix: string): Warned => ({ warn: true, reason, fix });

export function isWarned(outcome: unknown): outcome is Warned {
  return typeof outcome === 'object' && outcome !== null && (outcome as Warned).warn === true;
}

/** Lists at most `max` items, then "and N more", so a reason stays one line. */
export function listOf(items: readonly string[], max = 6): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
