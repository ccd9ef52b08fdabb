/**
 * The window's most frequent error messages, safe to put in an alert issue: what the person on call
 * needs to learn what broke without opening the database. Pure.
 *
 * A message is masked before it is grouped or shown: first by `scrub` (the logs' scrubber: ids,
 * emails, keys, configured secrets), then here for what only an issue needs hidden — quoted values
 * (PostgreSQL quotes the value it refused) and words that look like a person's name — and cut.
 * Grouping after masking makes messages that differ only in an id or an email one line.
 */
import { scrub } from '../lib/sanitize.ts';
import type { RunSample } from './evaluate.ts';

/** One masked message and the runs of the window that ended with it. */
export interface ErrorMessageGroup {
  /** The message, masked and cut to MAX_MESSAGE_CHARS. */
  message: string;
  /** Runs that recorded it. */
  runs: number;
  /** ISO time of the latest of them. */
  lastSeen: string;
  /** The GitHub Actions run of the latest of them that recorded one; null when none did. */
  runUrl: string | null;
}

/** Long enough for a class, a code and the reason; a stack or a quoted row is cut. */
export const MAX_MESSAGE_CHARS = 200;
/** Messages listed per issue; the rest are counted. */
export const MAX_MESSAGE_GROUPS = 5;

/** A workflow run page: `https://github.com/<owner>/<repo>/actions/runs/<id>` (or an attempt of it). */
const RUN_URL = /^https:\/\/[\w.-]+(?::\d+)?\/[\w.-]+\/[\w.-]+\/actions\/runs\/\d+(?:\/attempts\/\d+)?$/;

/**
 * Capitalised words a technical message carries mid-sentence (HTTP reason phrases, the systems
 * strukt-cron talks to), kept; any other capitalised word that does not open a sentence reads as
 * a name and is masked.
 */
const TECHNICAL_WORDS = new Set(
  (
    'Bad Request Unauthorized Payment Required Forbidden Not Found Method Allowed Acceptable Timeout ' +
    'Conflict Gone Length Precondition Failed Payload Too Large Unprocessable Entity Content Many ' +
    'Requests Internal Server Error Gateway Service Unavailable Implemented Connection Reset Refused ' +
    // The systems this tool talks to, which its own messages name.
    'Supabase Postgres Deno Node Vault Edge Function Functions Actions GitHub'
  ).split(' '),
);

/** `"…"`, `“…”`, and `'…'` / `‘…’` that open after a non-word character (not an apostrophe). */
const QUOTED = /"[^"\n]*"|“[^”\n]*”|(^|[^\w])'[^'\n]*'|(^|[^\w])‘[^’\n]*’/g;
/** A plain capitalised word (`Maya`, not `OpenAI`, `HTTP` or `TimeoutError`) and what precedes it. */
const CAPITALISED = /(^|[^\p{L}\p{N}_])(\p{Lu}\p{Ll}+)(?![\p{L}\p{N}_])/gu;

/**
 * A run's error message as an issue may show it: scrubbed, quoted values and name-like words
 * masked, on one line, at most MAX_MESSAGE_CHARS. A name that opens a sentence, or a single
 * lower-case one, is not recognised: such text is rare in error messages, never certain to be absent.
 */
export function maskErrorMessage(message: string): string {
  const masked = scrub(message)
    .replace(
      QUOTED,
      (_match: string, before1?: string, before2?: string) => `${before1 ?? before2 ?? ''}[text]`,
    )
    .replace(/\s+/g, ' ')
    .trim()
    .replace(CAPITALISED, (match: string, before: string, word: string, offset: number, text: string) => {
      if (TECHNICAL_WORDS.has(word)) return match;
      // A word that opens the text or a sentence is capitalised for that reason.
      const head = text.slice(0, offset + before.length).trimEnd();
      if (head === '' || /[.:;!?]$/.test(head)) return match;
      return `${before}[name]`;
    })
    .replace(/\[name\](?: \[name\])+/g, '[name]');
  return masked.length > MAX_MESSAGE_CHARS ? `${masked.slice(0, MAX_MESSAGE_CHARS - 1)}…` : masked;
}

/** A workflow run link that may go into Markdown as is; anything else (old rows, odd details) is dropped. */
export function safeRunUrl(url: string | null | undefined): string | null {
  return typeof url === 'string' && RUN_URL.test(url) ? url : null;
}

/** The window's error messages as JobHealth carries them: the most frequent, and how many there were. */
export interface ErrorMessages {
  /** At most MAX_MESSAGE_GROUPS, most frequent first (ties: latest first). */
  top: ErrorMessageGroup[];
  /** Distinct masked messages in the window. */
  distinct: number;
}

/**
 * The messages of the runs that did not succeed, masked and grouped, most frequent first (ties:
 * latest first). Runs without a message are left out.
 */
export function groupErrorMessages(runs: RunSample[], limit = MAX_MESSAGE_GROUPS): ErrorMessages {
  const groups = new Map<
    string,
    { message: string; runs: number; at: number; url: string | null; urlAt: number }
  >();
  for (const run of runs) {
    if (run.status === 'success' || run.errorMessage == null || run.errorMessage.trim() === '') continue;
    const message = maskErrorMessage(run.errorMessage);
    const at = Date.parse(run.runTime);
    const url = safeRunUrl(run.runUrl);
    const group = groups.get(message) ?? { message, runs: 0, at: -Infinity, url: null, urlAt: -Infinity };
    group.runs += 1;
    group.at = Math.max(group.at, at);
    // The link goes to the latest failing run that recorded one.
    if (url && at > group.urlAt) {
      group.url = url;
      group.urlAt = at;
    }
    groups.set(message, group);
  }
  const sorted = [...groups.values()].sort(
    (a, b) => b.runs - a.runs || b.at - a.at || a.message.localeCompare(b.message),
  );
  return {
    top: sorted.slice(0, limit).map((g) => ({
      message: g.message,
      runs: g.runs,
      lastSeen: new Date(g.at).toISOString(),
      runUrl: g.url,
    })),
    distinct: sorted.length,
  };
}
