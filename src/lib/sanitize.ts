/*
 * No `\b` in front of the id, JWT and key patterns: in URL-encoded text (`user%3D<uuid>`,
 * `Bearer%20eyJ…`) or after an `_` they follow a word character, and must be masked there too.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const EMAIL = /[\w.%+-]+@[\w.-]+\.[a-z]{2,}/gi;
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/g;
/**
 * OpenAI-style keys. The prefix must not end a word (`disk-usage-…` is no key) unless it follows
 * a percent-escape or an `_` (`key%3Dsk-…`, `KEY_sk-…`).
 */
const SECRET = /(?:(?<![A-Za-z0-9])|(?<=%[0-9A-Fa-f]{2}))(?:sk|pk|rk)-[\w-]{8,}/g;
/** GitHub tokens (personal, OAuth, user-to-server, installation, refresh; fine-grained). */
const GITHUB_TOKEN = /(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,})/g;
/**
 * Supabase's API keys that are not JWTs (`sb_secret_…`, `sb_publishable_…`). No `\b` in front:
 * in `KEY_sb_secret_…` the prefix follows a word character.
 */
const SUPABASE_KEY = /sb_(?:secret|publishable)_[\w-]+/g;
/** Shorter configured values are not masked: they would hide common words in every message. */
export const MIN_SECRET_CHARS = 8;

/**
 * The configured secret values `scrub` masks literally, longest first so a secret that contains
 * another is masked whole. Process-wide on purpose, like `core.setSecret` on a runner: `scrub`
 * runs in ~40 places (retries, SQL wrappers, verify checks, the edge handler) that never see the
 * configuration, and a secret has to be masked in every one of them. Values are only ever added,
 * by `loadConfig` (where every secret enters the process) and by readers of secrets it does not
 * hold (the health check's GitHub token).
 */
const secrets: string[] = [];

/** Masks these values, from now on, everywhere `scrub` runs in this process. Short and empty ones are ignored. */
export function registerSecrets(values: Iterable<string | null | undefined>): void {
  for (const value of values) {
    if (typeof value !== 'string' || value.length < MIN_SECRET_CHARS || secrets.includes(value)) continue;
    secrets.push(value);
  }
  secrets.sort((a, b) => b.length - a.length);
}

/**
 * A connection string's password as it can surface: decoded, and as written in the URL. Empty
 * for a URL without one, or for text that is not a URL.
 */
export function passwordsOf(url: string | null | undefined): string[] {
  if (!url || !URL.canParse(url)) return [];
  const written = new URL(url).password;
  if (!written) return [];
  let decoded = written;
  try {
    decoded = decodeURIComponent(written);
  } catch {
    // A malformed escape: the password as written is all there is to mask.
  }
  return [...new Set([written, decoded])];
}

/**
 * One line about an error that is safe for logs, run records, summaries and issues: the error's
 * class and code and its first line, with ids, emails and keys masked. PostgreSQL `details`
 * (which can quote row values) are left out on purpose.
 */
export function describeError(error: unknown, label?: string): string {
  const e = error instanceof Error ? error : new Error(String(error));
  const state = sqlStateOf(e);
  const code = state ? ` ${state}` : '';
  // Masked before it is cut, so a secret across the cut cannot leave its first characters behind.
  const first = (scrub(e.message).split('\n')[0] ?? '').slice(0, 240);
  const text = `${label ? `${label}: ` : ''}${e.name}${code}: ${first}`;
  return scrub(text);
}

/**
 * An error and its causes for a person to read (a step's failure, the CLI's last words): one
 * line per cause, no stack, masked like `describeError`. A wrapper that quotes its cause says it once.
 */
export function describeErrorChain(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  // Bounded by depth, not by parts kept: a cause chain can loop back on itself.
  for (let depth = 0; current != null && depth < 8 && parts.length < 4; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    if (!parts.some((part) => part.includes(message))) parts.push(message);
    current = current instanceof Error ? current.cause : null;
  }
  return scrub(parts.length > 0 ? parts.join('\n  caused by: ') : String(error));
}

/** Masks the configured secrets, user ids, emails, JWTs and API keys in free text. */
export function scrub(text: string): string {
  // Configured values first: the patterns below could otherwise rewrite part of one and let the rest through.
  let masked = text;
  for (const secret of secrets) masked = masked.split(secret).join('[secret]');
  return masked
    .replace(JWT, '[jwt]')
    .replace(SUPABASE_KEY, '[key]')
    .replace(GITHUB_TOKEN, '[key]')
    .replace(SECRET, '[key]')
    .replace(EMAIL, '[email]')
    .replace(UUID, '[id]');
}

/**
 * The PostgreSQL / PostgREST code a database error carries (DbError in src/db/types.ts), read by
 * shape: this module sits below the database layer.
 */
function sqlStateOf(error: Error): string | null {
  const code = (error as { code?: unknown }).code;
  return error.name === 'DbError' && typeof code === 'string' && code !== '' ? code : null;
}
