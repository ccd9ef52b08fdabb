import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HS256 JSON Web Tokens, signed and checked the way Supabase's API keys and user sessions
 * are, so the PostgREST gateway can take its role from a real token (test support only).
 */

export type JwtClaims = Record<string, unknown>;

/** Why a token was refused, in words a failing test can show. */
export type JwtCheck = { ok: true; claims: JwtClaims } | { ok: false; reason: string };

const HEADER = { alg: 'HS256', typ: 'JWT' } as const;
/** Supabase's project keys live for years; ten is plenty for a test run. */
const KEY_LIFETIME_S = 10 * 365 * 24 * 3600;
/** A signed-in user's access token lives an hour on Supabase. */
const SESSION_LIFETIME_S = 3600;

export function signJwt(claims: JwtClaims, secret: string): string {
  const head = base64url(JSON.stringify(HEADER));
  const body = base64url(JSON.stringify(claims));
  return `${head}.${body}.${signature(`${head}.${body}`, secret)}`;
}

/** The claims of a valid token, or null when it is malformed, not HS256, badly signed or expired. */
export function verifyJwt(token: string, secret: string, nowS: number = nowSeconds()): JwtClaims | null {
  const check = checkJwt(token, secret, nowS);
  return check.ok ? check.claims : null;
}

/** Like verifyJwt, but says why a token was refused. */
export function checkJwt(token: string, secret: string, nowS: number = nowSeconds()): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'Expected a JWT of three dot-separated parts' };
  const [head, body, sig] = parts as [string, string, string];
  const header = parseJson(head);
  if (header?.alg !== 'HS256') {
    // Refusing every other algorithm (above all "none") is what makes the signature mean anything.
    return { ok: false, reason: `Expected alg HS256, got ${JSON.stringify(header?.alg ?? null)}` };
  }
  const expected = Buffer.from(signature(`${head}.${body}`, secret));
  const given = Buffer.from(sig);
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing about the secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'JWT signature does not match' };
  }
  const claims = parseJson(body);
  if (!claims) return { ok: false, reason: 'Expected the JWT payload to be a JSON object' };
  if (typeof claims.exp === 'number' && claims.exp <= nowS) return { ok: false, reason: 'JWT expired' };
  if (typeof claims.nbf === 'number' && claims.nbf > nowS) return { ok: false, reason: 'JWT not yet valid' };
  return { ok: true, claims };
}

export interface TestKeys {
  /** Like a project's anon key: role anon. */
  anon: string;
  /** Like a project's service_role key: role service_role (bypasses RLS). */
  serviceRole: string;
  /** Like a signed-in user's access token: role authenticated, sub = the user's id. */
  authenticated(userId: string): string;
}

/** Tokens shaped like Supabase's keys, signed with the gateway's secret. */
export function testKeys(secret: string, nowS: number = nowSeconds()): TestKeys {
  const projectKey = (role: string) =>
    signJwt({ iss: 'supabase', ref: 'strukt-test', role, iat: nowS, exp: nowS + KEY_LIFETIME_S }, secret);
  return {
    anon: projectKey('anon'),
    serviceRole: projectKey('service_role'),
    authenticated: (userId) =>
      signJwt(
        {
          iss: 'supabase',
          aud: 'authenticated',
          role: 'authenticated',
          sub: userId,
          iat: nowS,
          exp: nowS + SESSION_LIFETIME_S,
        },
        secret,
      ),
  };
}

function signature(input: string, secret: string): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function parseJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
