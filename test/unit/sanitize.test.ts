import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Db } from '../../src/db/types.ts';
import { renderRunSummary } from '../../src/github/runSummary.ts';
import { recordRun } from '../../src/runs/record.ts';
import { describeError, describeErrorChain, registerSecrets, scrub } from '../../src/runs/sanitize.ts';
import type { RunReport } from '../../src/runs/types.ts';

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
