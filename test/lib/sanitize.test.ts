import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import type { Db } from '../../src/db/types.ts';
import { renderRunSummary } from '../../src/runs/markdownSummary.ts';
import { recordRun } from '../../src/runs/record.ts';
import {
  describeError,
  describeErrorChain,
  MIN_SECRET_CHARS,
  passwordsOf,
  registerSecrets,
  scrub,
} from '../../src/lib/sanitize.ts';
import type { RunReport } from '../../src/runs/types.ts';
import { testKeys } from '../support/jwt.ts';

// Secrets the scrubber's patterns alone would not catch: no sk-/eyJ/sb_ prefix, no @ or uuid shape.
const SERVICE_KEY = 'Zq7vPl2RmW9xTc4HjK8nBd5F';
const OPENAI_KEY = 'proj_live_4f9a2c7e1b8d6a3f';
const DB_PASSWORD = 'p@ss:Word-77Xq';
const DB_URL = `postgres://postgres:${encodeURIComponent(DB_PASSWORD)}@127.0.0.1:5432/postgres`;
const LOG_REF_KEY = 'log-ref-key-0123456789abcdef';
const CRON_SECRET = 'cron-secret-value-for-unit-tests';

describe('scrub', () => {
  it("masks Supabase's sb_secret_ and sb_publishable_ keys", () => {
    const text =
      'rejected sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz (API_KEY=sb_publishable_Ab12Cd34Ef56Gh78_xyz)';
    const masked = scrub(text);
    expect(masked).toBe('rejected [key] (API_KEY=[key])');
    expect(masked).not.toContain('sb_secret_');
    expect(masked).not.toContain('sb_publishable_');
  });

  it('masks every secret value the configuration holds, literally, once loadConfig has read it', () => {
    const text = [
      SERVICE_KEY,
      OPENAI_KEY,
      DB_PASSWORD,
      encodeURIComponent(DB_PASSWORD),
      LOG_REF_KEY,
      CRON_SECRET,
    ]
      .map((s) => `got '${s}'`)
      .join(', ');
    loadConfig({
      SUPABASE_URL: 'https://abcd.supabase.co',
      SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY,
      OPENAI_API_KEY: OPENAI_KEY,
      DATABASE_URL: DB_URL,
      STRUKT_LOG_REF_KEY: LOG_REF_KEY,
      STRUKT_CRON_SECRET: CRON_SECRET,
    });
    const masked = scrub(text);
    for (const secret of [
      SERVICE_KEY,
      OPENAI_KEY,
      DB_PASSWORD,
      encodeURIComponent(DB_PASSWORD),
      LOG_REF_KEY,
    ]) {
      expect(masked).not.toContain(secret);
    }
    expect(masked).not.toContain(CRON_SECRET);
    expect(masked).toBe(Array(6).fill("got '[secret]'").join(', '));
  });

  it('masks the secrets of a configuration that fails validation too', () => {
    const key = 'Hq3Lm8Vx2Rt6Yp9Wn4Zs';
    // The key alone is valid (serve and invoke take it as their bearer key); a bad model name is not.
    expect(() => loadConfig({ SUPABASE_SERVICE_ROLE_KEY: key, OPENAI_MODEL: 'not a model' })).toThrow(
      /OPENAI_MODEL: Expected a model name/,
    );
    expect(scrub(`Bearer ${key}`)).toBe('Bearer [secret]');
  });

  it('leaves values shorter than 8 characters alone: they would hide common words', () => {
    registerSecrets(['admin', '', null, undefined]);
    expect(scrub('connect as admin')).toBe('connect as admin');
  });

  it('masks a secret that contains another one whole', () => {
    registerSecrets(['Gk5Tq8Wz', 'Gk5Tq8Wz-and-more-secret']);
    expect(scrub('x Gk5Tq8Wz-and-more-secret y Gk5Tq8Wz')).toBe('x [secret] y [secret]');
  });
});

describe('describeError', () => {
  it('masks a configured secret even where the first line is cut', () => {
    const secret = 'Rv8Ks3Np6Qw1Ld4Hm7Tj';
    registerSecrets([secret]);
    const error = new Error(`${'x'.repeat(230)}${secret} and more`);
    const text = describeError(error);
    expect(text).not.toContain(secret.slice(0, 6));
    expect(text).toContain('[secr');
  });

  it("masks sb_secret_ keys in a database error's message", () => {
    expect(describeError(new Error('invalid api key sb_secret_abcDEF123_456'), 'start')).toBe(
      'start: Error: invalid api key [key]',
    );
  });
});

describe('describeErrorChain', () => {
  it('names each cause once and masks secrets in all of them', () => {
    const secret = 'Wc2Dn9Fp4Jr7Gs1Kx6Bv';
    registerSecrets([secret]);
    const error = new Error('Could not open the database', {
      cause: new Error(`password authentication failed for '${secret}' (sb_publishable_Zz9_yy8)`),
    });
    expect(describeErrorChain(error)).toBe(
      "Could not open the database\n  caused by: password authentication failed for '[secret]' ([key])",
    );
    expect(describeErrorChain(`thrown ${secret}`)).toBe('thrown [secret]');
  });
});

describe('where error text is kept', () => {
  const secret = 'Mt6Qz1Vb8Nc3Xk5Jd2Lp';
  registerSecrets([secret]);
  const quoted = `could not save: key ${secret} refused (sb_secret_Hh77_jj)`;
  const report = {
    runId: '0b7e1c3d-1111-4222-8333-944455556666',
    job: 'weekly-digest',
    functionName: 'generateWeeklyDigest',
    status: 'error',
    message: quoted,
    dryRun: false,
    period: null,
    asOf: '2025-11-09T21:00:00.000Z',
    startedAt: '2025-11-09T21:00:01.000Z',
    durationMs: 10,
    attempts: 1,
    counts: { considered: 0, succeeded: 0, failed: 0, skipped: {}, remaining: 0 },
    figures: {},
    results: [],
    errors: [quoted],
    shard: null,
    usersFiltered: null,
    trigger: 'cli',
    source: 'cli',
    runUrl: null,
    ai: {
      model: null,
      requests: 0,
      promptTokens: 0,
      completionTokens: 0,
      estimatedCostUsd: 0,
      calls: 0,
      retriedCalls: 0,
    },
    recorded: false,
  } satisfies RunReport;

  it("masks the run record's error_message and details, whoever built them", async () => {
    const calls: Array<Record<string, unknown>> = [];
    const db: Db = {
      transport: 'postgres',
      call: async <Row>(_fn: string, args: Record<string, unknown> = {}) => {
        calls.push(args);
        return [] as Row[];
      },
      close: async () => {},
    };
    await recordRun(db, report, quoted);
    const written = JSON.stringify(calls);
    expect(written).not.toContain(secret);
    expect(written).not.toContain('sb_secret_');
    expect(calls[0]?.p_error_message).toBe('could not save: key [secret] refused ([key])');
  });

  it('masks the job summary', () => {
    const summary = renderRunSummary(report);
    expect(summary).not.toContain(secret);
    expect(summary).not.toContain('sb_secret_');
  });
});

// What the patterns mask without any configuration.
const USER_ID = '8f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const JWT = testKeys('sanitize-test-jwt-secret-of-32-chars!').serviceRole;

describe('scrub: patterns', () => {
  it.each([
    { name: 'a user id (UUID)', text: `user ${USER_ID} failed`, masked: 'user [id] failed' },
    { name: 'an upper-case UUID', text: `user ${USER_ID.toUpperCase()}`, masked: 'user [id]' },
    { name: 'a UUID in a JSON value', text: `{"user_id":"${USER_ID}"}`, masked: '{"user_id":"[id]"}' },
    {
      name: 'an email',
      text: 'sent to maya.patel+strukt@example.co.uk today',
      masked: 'sent to [email] today',
    },
    {
      name: 'an email in angle brackets',
      text: 'From: <a_b%c@mail-host.example.com>',
      masked: 'From: <[email]>',
    },
    { name: 'a JWT (Supabase key or session)', text: `Bearer ${JWT}`, masked: 'Bearer [jwt]' },
    { name: 'a JWT in a query string', text: `?apikey=${JWT}&x=1`, masked: '?apikey=[jwt]&x=1' },
    { name: 'an sb_secret_ key', text: 'key sb_secret_Ab12Cd34-Ef56', masked: 'key [key]' },
    {
      name: 'an sb_publishable_ key after a word character',
      text: 'KEY_sb_publishable_Zz9_yy8',
      masked: 'KEY_[key]',
    },
    {
      name: 'an OpenAI project key',
      text: 'Incorrect API key provided: sk-proj-Abc123Def456Ghi789.',
      masked: 'Incorrect API key provided: [key].',
    },
    { name: 'an OpenAI legacy key', text: 'sk-0123456789abcdefABCDEF', masked: '[key]' },
    { name: 'a pk- key', text: 'pk-live_0123456789', masked: '[key]' },
    { name: 'an rk- key', text: '(rk-test-abcdefgh)', masked: '([key])' },
  ])('masks $name', ({ text, masked }) => {
    expect(scrub(text)).toBe(masked);
  });

  it.each([
    { name: 'sk- with fewer than 8 characters after it', text: 'sk-1234567' },
    { name: 'words that end in sk-', text: 'task-runner-number-one and desk-reservations' },
    { name: 'a UUID-like string one digit short', text: '8f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4' },
    {
      name: 'a Postgres code and a class name',
      text: 'DbError 57014: canceling statement due to statement timeout',
    },
    { name: 'an @ without a domain', text: 'retry @ 5s, user@localhost' },
    { name: 'a two-part dotted token', text: 'eyJhbGciOiJIUzI1NiJ9.payload-only' },
  ])('leaves $name alone', ({ text }) => {
    expect(scrub(text)).toBe(text);
  });

  it('masks every occurrence, of every kind, in one text', () => {
    const text = `${USER_ID} ${USER_ID} a@b.io sk-abcdefgh12 ${JWT} sb_secret_x1`;
    expect(scrub(text)).toBe('[id] [id] [email] [key] [jwt] [key]');
  });

  it('is idempotent: masking masked text changes nothing', () => {
    const once = scrub(`${USER_ID} a@b.io ${JWT} sk-abcdefgh12 sb_secret_x1`);
    expect(scrub(once)).toBe(once);
  });

  it('masks a GitHub token once it is registered, whatever its kind', () => {
    const tokens = [
      'ghp_R3gist3redPersonalT0ken0123456789ab',
      'ghs_R3gist3redInstallat10nT0ken012345cd',
      'github_pat_11AAAAAAA0R3gist3red_FineGrainedToken0123456789',
    ];
    registerSecrets(tokens);
    expect(scrub(`Bad credentials for ${tokens.join(' and ')}`)).toBe(
      'Bad credentials for [secret] and [secret] and [secret]',
    );
  });

  // A token that was never registered (another step's, quoted in an error) is masked by its shape.
  it('masks an unregistered GitHub token by its shape', () => {
    for (const token of [
      'ghp_Unr3gisteredPersonalT0ken0123456789',
      'ghs_Unr3gisteredInstallat10nT0ken01234',
      'github_pat_11BBBBBBB0Unr3gistered_FineGrained0123456789',
    ]) {
      expect(scrub(`token ${token}`)).toBe('token [key]');
    }
  });
});

describe('scrub: values glued to a word', () => {
  // URL-encoded text (`Bearer%20eyJ…`, `user%3D<uuid>`) or a name with `_` puts a word character
  // right before the value.
  it('masks a JWT, id or key that follows a word character', () => {
    expect(scrub(`auth=Bearer%20${JWT}`)).toBe('auth=Bearer%20[jwt]');
    expect(scrub(`user%3D${USER_ID}`)).toBe('user%3D[id]');
    expect(scrub('key%3Dsk-proj-abcdefgh1234')).toBe('key%3D[key]');
    expect(scrub(`KEY_${JWT}`)).toBe('KEY_[jwt]');
  });

  it('leaves words that merely end in sk-, pk- or rk- alone', () => {
    for (const text of [
      'disk-usage-exceeded-on-volume',
      'task-runner-timeout-exceeded',
      'bookmark-importer-failed',
    ]) {
      expect(scrub(text)).toBe(text);
    }
  });
});

describe('describeErrorChain: odd chains', () => {
  it('ends on a cause chain that loops back on itself', () => {
    const a = new Error('outer');
    a.cause = a;
    expect(describeErrorChain(a)).toBe('outer');
    const b = new Error('first');
    const c = new Error('second', { cause: b });
    b.cause = c;
    expect(describeErrorChain(b)).toBe('first\n  caused by: second');
  });

  it('keeps a cause that is not an Error, as text', () => {
    expect(describeErrorChain(new Error('request failed', { cause: 'ECONNRESET' }))).toBe(
      'request failed\n  caused by: ECONNRESET',
    );
  });
});

describe('registerSecrets', () => {
  it(`masks values of ${MIN_SECRET_CHARS} characters or more, and not shorter ones`, () => {
    expect(MIN_SECRET_CHARS).toBe(8);
    registerSecrets(['Xy7Qp2W', 'Xy7Qp2Wk']); // 7 and 8 characters
    expect(scrub('a Xy7Qp2W b')).toBe('a Xy7Qp2W b');
    expect(scrub('a Xy7Qp2Wk b')).toBe('a [secret] b');
  });

  it('masks a value only from when it is registered, and takes any iterable', () => {
    const secret = 'Lj4Rt9Vc2Bx7Nm1Qz';
    expect(scrub(`x ${secret}`)).toBe(`x ${secret}`);
    registerSecrets(new Set([secret]));
    expect(scrub(`x ${secret}`)).toBe('x [secret]');
  });

  it('masks a registered value wherever it stands, inside words and URLs too', () => {
    const secret = 'Pq8Wd3Zr6Ht1Ks';
    registerSecrets([secret]);
    expect(scrub(`https://h/x?token=${secret}&y=prefix${secret}suffix`)).toBe(
      'https://h/x?token=[secret]&y=prefix[secret]suffix',
    );
  });

  it('masks a registered value before the patterns, so none of it is left behind', () => {
    // A configured value that holds an email: the email pattern alone would leave "pw-" behind.
    const secret = 'pw-maya@example.com-tail';
    registerSecrets([secret]);
    expect(scrub(`got ${secret}`)).toBe('got [secret]');
  });

  it('is not disturbed by registering a value twice', () => {
    const secret = 'Dup1icate-Secret-Val';
    registerSecrets([secret, secret]);
    registerSecrets([secret]);
    expect(scrub(`${secret}/${secret}`)).toBe('[secret]/[secret]');
  });
});

describe('passwordsOf', () => {
  it.each([
    { url: null, passwords: [] },
    { url: undefined, passwords: [] },
    { url: '', passwords: [] },
    { url: 'not a url', passwords: [] },
    { url: 'postgres://postgres@127.0.0.1:5432/postgres', passwords: [] },
    { url: 'postgres://postgres:@127.0.0.1:5432/postgres', passwords: [] },
    { url: 'postgres://postgres:plainpass@db.example.com:5432/postgres', passwords: ['plainpass'] },
    // As written in the URL and decoded: an error may quote either.
    { url: DB_URL, passwords: [encodeURIComponent(DB_PASSWORD), DB_PASSWORD] },
    // The URL parser escapes a space itself.
    { url: 'postgres://u:pa ss@h/db', passwords: ['pa%20ss', 'pa ss'] },
    // A malformed escape cannot be decoded: the password as written is all there is.
    { url: 'postgres://u:p%zz@h/db', passwords: ['p%zz'] },
  ])('$url → $passwords', ({ url, passwords }) => {
    expect(passwordsOf(url)).toEqual(passwords);
  });

  it('feeds registerSecrets so a database error quoting the password is masked', () => {
    const url = 'postgres://app:S3cr%23t-Pa55word@db.example.com/postgres';
    registerSecrets(passwordsOf(url));
    expect(scrub('auth failed for S3cr#t-Pa55word (S3cr%23t-Pa55word)')).toBe(
      'auth failed for [secret] ([secret])',
    );
  });
});

describe('describeError: format', () => {
  class DbError extends Error {
    override name = 'DbError';
    constructor(
      message: string,
      readonly code?: string,
      readonly details?: string,
    ) {
      super(message);
    }
  }
  class TimeoutError extends Error {
    override name = 'TimeoutError';
  }

  it.each([
    { error: new Error('boom'), label: undefined, text: 'Error: boom' },
    { error: new Error('boom'), label: 'read users', text: 'read users: Error: boom' },
    { error: new TimeoutError('took 30s'), label: undefined, text: 'TimeoutError: took 30s' },
    {
      error: new DbError('canceling statement', '57014'),
      label: 'read',
      text: 'read: DbError 57014: canceling statement',
    },
    { error: new DbError('no code'), label: undefined, text: 'DbError: no code' },
    { error: new DbError('empty code', ''), label: undefined, text: 'DbError: empty code' },
    // A code is only read from a DbError: another error's `code` may be anything.
    {
      error: Object.assign(new Error('econn'), { code: 'ECONNRESET' }),
      label: undefined,
      text: 'Error: econn',
    },
    { error: 'a thrown string', label: undefined, text: 'Error: a thrown string' },
    { error: 42, label: 'x', text: 'x: Error: 42' },
    { error: null, label: undefined, text: 'Error: null' },
  ])('$text', ({ error, label, text }) => {
    expect(describeError(error, label)).toBe(text);
  });

  it('keeps the first line only: no stack, no second line', () => {
    const error = new Error('first line\nsecond line with a value\n    at foo (/src/x.ts:1:2)');
    expect(describeError(error)).toBe('Error: first line');
    expect(describeError(new Error('real stack below'))).not.toMatch(/\bat\s|\.ts:\d+/);
  });

  it("leaves out a database error's details, which can quote row values", () => {
    const error = new DbError(
      'duplicate key value violates unique constraint',
      '23505',
      'Key (email)=(x) exists.',
    );
    expect(describeError(error)).toBe('DbError 23505: duplicate key value violates unique constraint');
  });

  it('masks ids, emails and keys in the message and in the label', () => {
    const error = new Error(`no plan for ${USER_ID} <maya@example.com> using ${JWT}`);
    expect(describeError(error, `user ${USER_ID}`)).toBe(
      'user [id]: Error: no plan for [id] <[email]> using [jwt]',
    );
  });

  it('cuts the first line to 240 characters', () => {
    const text = describeError(new Error('y'.repeat(1000)));
    expect(text).toBe(`Error: ${'y'.repeat(240)}`);
  });

  it.each([
    { name: 'a JWT', value: JWT, mask: '[jwt]' },
    { name: 'a UUID', value: USER_ID, mask: '[id]' },
    { name: 'an sk- key', value: 'sk-proj-0123456789abcdefghij', mask: '[key]' },
    { name: 'an email', value: 'someone.with.a.long.name@example.com', mask: '[email]' },
  ])('masks $name across the cut before cutting, so no prefix of it is left', ({ value, mask }) => {
    const pad = `${'x'.repeat(229)} `; // the value starts 10 characters before the cut
    const text = describeError(new Error(`${pad}${value} more`));
    expect(text).toBe(`Error: ${pad}${mask} more`.slice(0, 'Error: '.length + 240));
    expect(text).not.toContain(value.slice(0, 6));
  });
});

describe('describeErrorChain: format', () => {
  it('puts each cause on its own line, innermost last', () => {
    const error = new Error('Could not run the job', {
      cause: new Error('Could not read users', { cause: new Error('connection refused') }),
    });
    expect(describeErrorChain(error)).toBe(
      'Could not run the job\n  caused by: Could not read users\n  caused by: connection refused',
    );
  });

  it('says a cause once when the wrapper already quotes it', () => {
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    const error = new Error(`Could not open the database: ${cause.message}`, { cause });
    expect(describeErrorChain(error)).toBe(
      'Could not open the database: connect ECONNREFUSED 127.0.0.1:5432',
    );
  });

  it('keeps a cause the wrapper does not quote, even after one it does', () => {
    const root = new Error('timeout after 30000 ms');
    const middle = new Error('read failed', { cause: root });
    const top = new Error('job failed: read failed', { cause: middle });
    expect(describeErrorChain(top)).toBe('job failed: read failed\n  caused by: timeout after 30000 ms');
  });

  it('shows at most four messages', () => {
    let error = new Error('level 6');
    for (let level = 5; level >= 1; level--) error = new Error(`level ${level}`, { cause: error });
    expect(describeErrorChain(error)).toBe(
      ['level 1', 'level 2', 'level 3', 'level 4'].join('\n  caused by: '),
    );
  });

  it('shows no stack', () => {
    const error = new Error('outer', { cause: new TypeError('inner') });
    expect(error.stack).toMatch(/\n\s+at /);
    expect(describeErrorChain(error)).toBe('outer\n  caused by: inner');
  });

  it('masks ids, emails and keys in every cause', () => {
    const error = new Error(`no digest for ${USER_ID}`, {
      cause: new Error(`refused maya@example.com with sk-abcdefgh1234 and ${JWT}`),
    });
    expect(describeErrorChain(error)).toBe(
      'no digest for [id]\n  caused by: refused [email] with [key] and [jwt]',
    );
  });

  it('describes a thrown non-Error by its text, masked', () => {
    expect(describeErrorChain(`thrown for ${USER_ID}`)).toBe('thrown for [id]');
    expect(describeErrorChain(undefined)).toBe('undefined');
  });
});
