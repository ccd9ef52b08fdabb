/**
 * The bearer check of the edge functions. Web Crypto only (`crypto.subtle`), so the same code
 * runs on Deno, Supabase's edge runtime and Node.
 */

/** Why a request was refused; logged (never the token), never told to the caller. */
export type BearerRefusal = 'missing' | 'multiple' | 'scheme' | 'mismatch';

export type BearerCheck = { ok: true } | { ok: false; reason: BearerRefusal };

const encoder = new TextEncoder();

/**
 * Checks `Authorization: Bearer <token>` against the accepted keys. The token is taken exactly
 * as sent after one space — a key with extra whitespace is a different key. Every key is
 * compared, each through SHA-256 digests of equal length, so the time taken says nothing about
 * how much of a key matched or which key it was.
 */
export async function checkBearer(header: string | null, keys: readonly string[]): Promise<BearerCheck> {
  if (header === null || header === '') return { ok: false, reason: 'missing' };
  // Repeated Authorization headers arrive joined by ", ": which one counts would depend on the
  // proxy in front, so a request that sends more than one is refused whatever they hold.
  if (/,[ \t]*bearer[ \t]/i.test(header)) return { ok: false, reason: 'multiple' };
  // The scheme is case-insensitive (RFC 9110 §11.1); the token is not.
  const match = /^bearer (.+)$/is.exec(header);
  if (!match) return { ok: false, reason: 'scheme' };
  const token = await sha256(match[1]!);
  let matched = false;
  for (const key of keys) {
    // No early exit: a match on the first key must cost what a miss on all of them costs.
    if (equalDigests(token, await sha256(key))) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: 'mismatch' };
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/** Constant-time for equal lengths, which SHA-256 digests always have. */
function equalDigests(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
