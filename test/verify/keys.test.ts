import { describe, expect, it } from 'vitest';
import { judgeKey, keyShape } from '../../src/verify/keys.ts';
import { signJwt } from '../support/jwt.ts';

const NOW = new Date('2025-11-09T12:00:00Z');
const exp = (d: string) => Math.floor(Date.parse(d) / 1000);

describe('Supabase key shapes', () => {
  it('accepts a JWT with role service_role as the service-role key', () => {
    const key = signJwt({ role: 'service_role', exp: exp('2035-01-01') }, 'secret');
    expect(judgeKey(key, 'service_role', NOW)).toEqual({
      ok: true,
      reason: 'a JWT with role service_role (value hidden)',
    });
  });

  it('refuses the anon key as the service-role key, and says which it is', () => {
    const key = signJwt({ role: 'anon' }, 'secret');
    expect(judgeKey(key, 'service_role', NOW)).toEqual({
      ok: false,
      reason: 'a JWT with role anon; expected role service_role',
    });
  });

  it('refuses an expired key', () => {
    const key = signJwt({ role: 'service_role', exp: exp('2025-01-01') }, 'secret');
    expect(judgeKey(key, 'service_role', NOW).ok).toBe(false);
  });

  it('tells the new secret and publishable keys apart', () => {
    expect(judgeKey('sb_secret_abc123', 'service_role', NOW).ok).toBe(true);
    expect(judgeKey('sb_publishable_abc123', 'service_role', NOW).ok).toBe(false);
    expect(judgeKey('sb_publishable_abc123', 'anon', NOW).ok).toBe(true);
  });

  it('refuses what is no key at all without echoing it', () => {
    const judged = judgeKey('hunter2-not-a-key', 'service_role', NOW);
    expect(judged.ok).toBe(false);
    expect(judged.reason).not.toContain('hunter2');
    expect(keyShape('eyJ.a b.c')).toMatchObject({ kind: 'unknown' });
  });
});
