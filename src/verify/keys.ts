/**
 * What a Supabase API key is, judged from its shape alone (never printed). Legacy keys are JWTs
 * whose payload names the role; the newer ones are `sb_secret_…` (server) and
 * `sb_publishable_…` (browser) strings.
 */
export type KeyShape =
  | { kind: 'jwt'; role: string | null; expiresAt: Date | null }
  | { kind: 'secret' }
  | { kind: 'publishable' }
  | { kind: 'unknown'; why: string };

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function keyShape(key: string): KeyShape {
  if (/\s/.test(key)) return { kind: 'unknown', why: 'it contains whitespace (a copy-paste slip?)' };
  if (key.startsWith('sb_secret_')) return { kind: 'secret' };
  if (key.startsWith('sb_publishable_')) return { kind: 'publishable' };
  const parts = key.split('.');
  if (parts.length !== 3 || !parts.every((p) => p !== '' && BASE64URL.test(p))) {
    return { kind: 'unknown', why: `it is neither a JWT (three base64url parts) nor an sb_ key` };
  }
  const header = decodePart(parts[0]!);
  const payload = decodePart(parts[1]!);
  if (!header || typeof header.alg !== 'string') {
    return { kind: 'unknown', why: 'its first part is not a JWT header' };
  }
  if (!payload) return { kind: 'unknown', why: 'its payload is not a JSON object' };
  const role = typeof payload.role === 'string' ? payload.role : null;
  const expiresAt = typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null;
  return { kind: 'jwt', role, expiresAt };
}

export type KeyJudgement = { ok: true; reason: string } | { ok: false; reason: string };

/** Whether a key can act as `wanted` (service_role, or anon for --anon-key). */
export function judgeKey(key: string, wanted: 'service_role' | 'anon', now: Date): KeyJudgement {
  const shape = keyShape(key);
  const secretKind = wanted === 'service_role' ? 'secret' : 'publishable';
  switch (shape.kind) {
    case 'jwt':
      if (shape.role !== wanted) {
        return { ok: false, reason: `a JWT with role ${shape.role ?? '(none)'}; expected role ${wanted}` };
      }
      if (shape.expiresAt && shape.expiresAt.getTime() <= now.getTime()) {
        return {
          ok: false,
          reason: `a JWT with role ${wanted} that expired ${shape.expiresAt.toISOString()}`,
        };
      }
      return { ok: true, reason: `a JWT with role ${wanted} (value hidden)` };
    case 'secret':
    case 'publishable':
      if (shape.kind !== secretKind) {
        return {
          ok: false,
          reason: `an sb_${shape.kind}_ key; expected ${wanted === 'anon' ? 'the anon key' : 'a secret key'}`,
        };
      }
      return { ok: true, reason: `an sb_${shape.kind}_ key (value hidden)` };
    case 'unknown':
      return { ok: false, reason: `not a Supabase API key: ${shape.why}` };
  }
}

function decodePart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
