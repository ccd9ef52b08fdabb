import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkBearer, type BearerRefusal } from '../../src/functions/auth.ts';
import { testKeys } from '../support/jwt.ts';

const JWT_SECRET = 'auth-test-jwt-secret-of-at-least-32-chars';
const keys = testKeys(JWT_SECRET);
/** What a deployment accepts: the project's service-role key and the scheduler's cron secret. */
const SERVICE_KEY = keys.serviceRole;
const CRON_SECRET = 'cron-secret-for-auth-tests-0123456789';
const ACCEPTED = [SERVICE_KEY, CRON_SECRET] as const;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('checkBearer: accepted', () => {
  it.each([
    { name: 'the service-role key', header: `Bearer ${SERVICE_KEY}` },
    { name: 'the cron secret', header: `Bearer ${CRON_SECRET}` },
    { name: 'a lower-case scheme', header: `bearer ${CRON_SECRET}` },
    { name: 'an upper-case scheme', header: `BEARER ${CRON_SECRET}` },
    { name: 'a mixed-case scheme', header: `bEaReR ${SERVICE_KEY}` },
  ])('$name', async ({ header }) => {
    expect(await checkBearer(header, ACCEPTED)).toEqual({ ok: true });
  });

  it('a key that is the only one configured, or the last of several', async () => {
    expect(await checkBearer('Bearer only-key-value', ['only-key-value'])).toEqual({ ok: true });
    expect(await checkBearer('Bearer third-key', ['first-key', 'second-key', 'third-key'])).toEqual({
      ok: true,
    });
  });

  it('a key with a comma in it, when no second bearer follows', async () => {
    expect(await checkBearer('Bearer a,b-key-with-comma', ['a,b-key-with-comma'])).toEqual({ ok: true });
  });
});

describe('checkBearer: refused', () => {
  const cases: Array<{ name: string; header: string | null; reason: BearerRefusal }> = [
    { name: 'no Authorization header', header: null, reason: 'missing' },
    { name: 'an empty Authorization header', header: '', reason: 'missing' },
    // Repeated headers arrive joined by ", ": which one counts would depend on the proxy.
    { name: 'two bearer headers, joined', header: `Bearer ${CRON_SECRET}, Bearer other`, reason: 'multiple' },
    {
      name: 'two bearer headers, both accepted keys',
      header: `Bearer ${CRON_SECRET}, Bearer ${SERVICE_KEY}`,
      reason: 'multiple',
    },
    {
      name: 'two bearer headers, no space after the comma',
      header: `Bearer x,bearer ${CRON_SECRET}`,
      reason: 'multiple',
    },
    {
      name: 'two bearer headers, a tab after the second scheme',
      header: `Bearer x, BEARER\t${CRON_SECRET}`,
      reason: 'multiple',
    },
    {
      name: 'the Basic scheme',
      header: `Basic ${Buffer.from(`u:${CRON_SECRET}`).toString('base64')}`,
      reason: 'scheme',
    },
    { name: 'a bare key without a scheme', header: CRON_SECRET, reason: 'scheme' },
    { name: 'the scheme without a token', header: 'Bearer', reason: 'scheme' },
    { name: 'the scheme and a space, no token', header: 'Bearer ', reason: 'scheme' },
    { name: 'no space after the scheme', header: `Bearer${CRON_SECRET}`, reason: 'scheme' },
    { name: 'a tab instead of the space', header: `Bearer\t${CRON_SECRET}`, reason: 'scheme' },
    { name: 'whitespace before the scheme', header: ` Bearer ${CRON_SECRET}`, reason: 'scheme' },
    { name: 'the Token scheme', header: `Token ${CRON_SECRET}`, reason: 'scheme' },
    // The token is taken exactly as sent after one space.
    { name: 'two spaces before the key', header: `Bearer  ${CRON_SECRET}`, reason: 'mismatch' },
    { name: 'a space after the key', header: `Bearer ${CRON_SECRET} `, reason: 'mismatch' },
    {
      name: 'the key in another case (tokens are case-sensitive)',
      header: `Bearer ${CRON_SECRET.toUpperCase()}`,
      reason: 'mismatch',
    },
    { name: 'a prefix of the key', header: `Bearer ${CRON_SECRET.slice(0, -1)}`, reason: 'mismatch' },
    { name: 'the key with one more character', header: `Bearer ${CRON_SECRET}0`, reason: 'mismatch' },
    { name: 'the key with a line break after it', header: `Bearer ${CRON_SECRET}\n`, reason: 'mismatch' },
    {
      name: 'the anon key (public: must never open a function)',
      header: `Bearer ${keys.anon}`,
      reason: 'mismatch',
    },
    {
      name: "a signed-in user's JWT",
      header: `Bearer ${keys.authenticated('8f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f')}`,
      reason: 'mismatch',
    },
    {
      name: 'a service-role JWT signed with another secret',
      header: `Bearer ${testKeys('some-other-project-secret-of-32-chars!').serviceRole}`,
      reason: 'mismatch',
    },
    { name: 'an unrelated token', header: 'Bearer not-a-configured-key', reason: 'mismatch' },
  ];

  it.each(cases)('$name → $reason', async ({ header, reason }) => {
    expect(await checkBearer(header, ACCEPTED)).toEqual({ ok: false, reason });
  });

  it('anything, when no key is configured (it never falls back to accepting)', async () => {
    expect(await checkBearer(`Bearer ${CRON_SECRET}`, [])).toEqual({ ok: false, reason: 'mismatch' });
    expect(await checkBearer('Bearer ', [''])).toEqual({ ok: false, reason: 'scheme' });
  });

  it('says only why, never the token it was sent', async () => {
    const token = 'a-token-that-must-not-be-echoed-123';
    const check = await checkBearer(`Bearer ${token}`, ACCEPTED);
    expect(check).toEqual({ ok: false, reason: 'mismatch' });
    expect(JSON.stringify(check)).not.toContain(token);
  });
});

describe('checkBearer: comparison', () => {
  it('compares every key, even when the first one matches (no early exit)', async () => {
    const digest = vi.spyOn(crypto.subtle, 'digest');
    const configured = ['key-number-one-0000', 'key-number-two-0000', 'key-number-three-00'];

    await checkBearer(`Bearer ${configured[0]}`, configured);
    const onFirstMatch = digest.mock.calls.length;
    digest.mockClear();
    await checkBearer('Bearer matches-none-of-them', configured);
    const onMiss = digest.mock.calls.length;

    // The token, then each key: a hit on the first key costs what a miss on all of them costs.
    expect(onFirstMatch).toBe(1 + configured.length);
    expect(onMiss).toBe(onFirstMatch);
  });

  it('compares SHA-256 digests, never the raw strings', async () => {
    const digest = vi.spyOn(crypto.subtle, 'digest');
    await checkBearer('Bearer short', ['a-much-longer-configured-key-value']);
    expect(digest.mock.calls.map(([algorithm]) => algorithm)).toEqual(['SHA-256', 'SHA-256']);
    const hashed = digest.mock.calls.map(([, data]) => new TextDecoder().decode(data as Uint8Array));
    expect(hashed).toEqual(['short', 'a-much-longer-configured-key-value']);
  });

  it('refuses tokens of any length without throwing, accepts long keys exactly', async () => {
    const long = 'k'.repeat(4096);
    expect(await checkBearer(`Bearer ${long}`, [long])).toEqual({ ok: true });
    expect(await checkBearer(`Bearer ${long}`, [`${long}x`])).toEqual({ ok: false, reason: 'mismatch' });
    expect(await checkBearer('Bearer x', [long])).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('compares keys as UTF-8 text', async () => {
    expect(await checkBearer('Bearer clé-secrète-ünïcode', ['clé-secrète-ünïcode'])).toEqual({ ok: true });
    expect(await checkBearer('Bearer cle-secrete-unicode', ['clé-secrète-ünïcode'])).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });
});
