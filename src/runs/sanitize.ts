import { DbError } from '../db/types.ts';

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const EMAIL = /[\w.%+-]+@[\w.-]+\.[a-z]{2,}/gi;
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]+/g;
const SECRET = /\b(sk|pk|rk)-[\w-]{8,}/g;

/**
 * One line about an error that is safe for logs, run records, summaries and issues: the error's
 * class and code and its first line, with ids, emails and keys masked. PostgreSQL `details`
 * (which can quote row values) are left out on purpose.
 */
export function describeError(error: unknown, label?: string): string {
  const e = error instanceof Error ? error : new Error(String(error));
  const code = e instanceof DbError && e.code ? ` ${e.code}` : '';
  const first = (e.message.split('\n')[0] ?? '').slice(0, 240);
  const text = `${label ? `${label}: ` : ''}${e.name}${code}: ${first}`;
  return scrub(text);
}

/** Masks user ids, emails, JWTs and API keys in free text. */
export function scrub(text: string): string {
  return text.replace(JWT, '[jwt]').replace(SECRET, '[key]').replace(EMAIL, '[email]').replace(UUID, '[id]');
}
