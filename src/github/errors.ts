/**
 * Reading GitHub's failures, apart from the client so that code which only words or branches on
 * an error does not load Octokit (`strukt-cron --help` must not; scripts/build-cli.mjs checks it).
 */
import { scrub } from '../lib/sanitize.ts';

/** The HTTP status of an Octokit error, if it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** One masked line about a failed GitHub call, with its HTTP status: for results, summaries and issues. */
export function describeGitHubError(error: unknown): string {
  const e = error instanceof Error ? error : new Error(String(error));
  const status = statusOf(error);
  // Masked before the cut, so no part of a secret is left at the end.
  return `${status ? `HTTP ${status}: ` : ''}${scrub(e.message).split('\n')[0] ?? ''}`.slice(0, 300);
}
