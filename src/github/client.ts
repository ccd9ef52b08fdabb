/**
 * The one place a GitHub client is built: Octokit with retries on 5xx and GitHub's rate limits
 * handled. Everything the product asks of GitHub goes through a client made here.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';

export const GitHubClient = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof GitHubClient>;

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface GitHubLog {
  debug: (message: string) => void;
  info: (message: string) => void;
  warn: (message: string) => void;
  error: (message: string) => void;
}

export interface GitHubClientOptions {
  token: string;
  /** API root, e.g. a fake server in tests. @default 'https://api.github.com' */
  baseUrl?: string;
  fetch?: typeof fetch;
  /**
   * Pace writes the way GitHub asks (one at a time, a second apart) and handle rate limits.
   * Tests turn it off only where that pacing would make them slow. @default true
   */
  throttle?: boolean;
  /** Unit of the retry and rate-limit waits: 1000 makes `Retry-After: 2` wait 2 s. @default 1000 */
  retryAfterBaseMs?: number;
  log?: GitHubLog;
}

const quietLog: GitHubLog = {
  debug: () => {},
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (m) => console.error(m),
};

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  if (!options.token)
    throw new Error('A GitHub token is required to manage alert issues. Expected GITHUB_TOKEN.');
  const log = options.log ?? quietLog;
  const base = options.retryAfterBaseMs ?? 1000;
  return new GitHubClient({
    auth: options.token,
    userAgent: 'strukt-cron',
    log,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
    retry: { retryAfterBaseValue: base },
    throttle:
      options.throttle === false
        ? { enabled: false }
        : { ...throttleHandlers(log), retryAfterBaseValue: base, fallbackSecondaryRateRetryAfter: 60 },
  });
}

interface LimitedRequest {
  method: string;
  url: string;
}

/**
 * Rate-limit handlers: retry once. A primary limit that resets later than a minute is not waited
 * for, because the health check runs again within the hour anyway.
 */
export function throttleHandlers(log: Pick<GitHubLog, 'warn'>) {
  return {
    onRateLimit: (retryAfter: number, options: LimitedRequest, _octokit: unknown, retryCount: number) => {
      const again = retryCount < 1 && retryAfter <= 60;
      log.warn(
        `GitHub rate limit hit on ${options.method} ${options.url}; resets in ${retryAfter} s; ` +
          (again ? 'retrying once.' : 'giving up.'),
      );
      return again;
    },
    onSecondaryRateLimit: (
      retryAfter: number,
      options: LimitedRequest,
      _octokit: unknown,
      retryCount: number,
    ) => {
      const again = retryCount < 1;
      log.warn(
        `GitHub secondary rate limit hit on ${options.method} ${options.url}; ` +
          (again ? `retrying once after ${retryAfter} s.` : 'giving up.'),
      );
      return again;
    },
  };
}
