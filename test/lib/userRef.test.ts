import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createOfflineWriter } from '../../src/ai/offlineWriter.ts';
import { loadConfig } from '../../src/config/config.ts';
import { ConfigError } from '../../src/lib/errors.ts';
import type { Db } from '../../src/db/types.ts';
import { getJob } from '../../src/domain/jobs.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { runJob, type Job, type RunDeps } from '../../src/runs/runJob.ts';
import { createUserRef, userRefKey } from '../../src/lib/userRef.ts';
import { testOptions } from '../support/runs.ts';

const USER_ID = '6f1c2a9e-3b4d-4c5e-8f70-112233445566';
const OTHER_ID = '0b7e1c3d-1111-4222-8333-944455556666';
/** What anyone holding a user id could compute: the old, unkeyed ref. */
const bareHashRef = (id: string) => 'u_' + createHash('sha256').update(id).digest('hex').slice(0, 10);

const noConfig = { logRefKey: null, supabaseServiceRoleKey: null, databaseUrl: null };

describe('user refs', () => {
  it("keep the 'u_' and 10 hex format, and differ from the bare sha256 of the id", () => {
    const ref = createUserRef('key-one-0123456789')(USER_ID);
    expect(ref).toMatch(/^u_[0-9a-f]{10}$/);
    expect(ref).not.toBe(bareHashRef(USER_ID));
  });

  it('differ between keys, and are the same for the same key', () => {
    const a = createUserRef('key-one-0123456789');
    const b = createUserRef('key-two-0123456789');
    expect(a(USER_ID)).not.toBe(b(USER_ID));
    expect(createUserRef('key-one-0123456789')(USER_ID)).toBe(a(USER_ID));
    expect(a(USER_ID)).not.toBe(a(OTHER_ID));
  });
});

describe('the key of the user refs', () => {
  it('is STRUKT_LOG_REF_KEY when it is set', () => {
    const { key, source } = userRefKey({
      ...noConfig,
      logRefKey: 'a-dedicated-key-0123',
      supabaseServiceRoleKey: 'srk',
    });
    expect(source).toBe('STRUKT_LOG_REF_KEY');
    expect(createUserRef(key)(USER_ID)).toBe(createUserRef('a-dedicated-key-0123')(USER_ID));
  });

  it('is derived from the service-role key, stable across runs, and is not the key itself', () => {
    const config = {
      ...noConfig,
      supabaseServiceRoleKey: 'service-role-key-0123',
      databaseUrl: 'postgres://u:pw@h/db',
    };
    const first = userRefKey(config);
    expect(first.source).toBe('SUPABASE_SERVICE_ROLE_KEY');
    expect(createUserRef(userRefKey(config).key)(USER_ID)).toBe(createUserRef(first.key)(USER_ID));
    expect(createUserRef(first.key)(USER_ID)).not.toBe(createUserRef('service-role-key-0123')(USER_ID));
  });

  it('is derived from the database password without Supabase, and changes with it', () => {
    const one = userRefKey({ ...noConfig, databaseUrl: 'postgres://app:first-pw@db.internal/strukt' });
    const two = userRefKey({ ...noConfig, databaseUrl: 'postgres://app:second-pw@db.internal/strukt' });
    expect(one.source).toBe('DATABASE_URL');
    expect(createUserRef(one.key)(USER_ID)).not.toBe(createUserRef(two.key)(USER_ID));
  });

  it('is random without any secret: refs then match within one run only', () => {
    const one = userRefKey({ ...noConfig, databaseUrl: 'postgres://postgres@127.0.0.1/postgres' });
    const two = userRefKey(noConfig);
    expect([one.source, two.source]).toEqual(['random', 'random']);
    expect(createUserRef(one.key)(USER_ID)).not.toBe(createUserRef(two.key)(USER_ID));
  });

  it('is read from STRUKT_LOG_REF_KEY, and a short one is refused without printing it', () => {
    expect(loadConfig({ STRUKT_LOG_REF_KEY: ' a-dedicated-key-0123 ' }).logRefKey).toBe(
      'a-dedicated-key-0123',
    );
    expect(loadConfig({}).logRefKey).toBeNull();
    expect(() => loadConfig({ STRUKT_LOG_REF_KEY: 'short-ref' })).toThrow(ConfigError);
    expect(() => loadConfig({ STRUKT_LOG_REF_KEY: 'short-ref' })).toThrow(
      /STRUKT_LOG_REF_KEY: Expected at least 16 characters; got \(value hidden\)/,
    );
  });
});

describe('the job context', () => {
  /** A job that logs one user's ref, run dry so nothing reaches the database. */
  const refLogger: Job = {
    definition: getJob('weekly-digest'),
    usesAi: false,
    period: () => null,
    run: async (ctx) => ctx.log.warn('digest failed for a user', { user: ctx.userRef(USER_ID) }),
    message: () => 'done',
  };
  const db: Db = {
    transport: 'postgres',
    call: async () => {
      throw new Error('a dry run reads nothing here');
    },
    close: async () => {},
  };

  async function loggedRef(more: Partial<RunDeps> = {}): Promise<unknown> {
    const lines: string[] = [];
    const writer = createOfflineWriter('template');
    await runJob(refLogger, testOptions('2025-11-09T21:00:00Z', { dryRun: true }), {
      db,
      ai: writer,
      template: writer,
      log: createLogger((line) => lines.push(line)),
      ...more,
    });
    const line = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => 'user' in l);
    return line?.user;
  }

  it('carries the user refs it was given', async () => {
    const userRef = createUserRef('a-dedicated-key-0123');
    expect(await loggedRef({ userRef })).toBe(userRef(USER_ID));
  });

  it('falls back to a random key per run, never the bare hash', async () => {
    const [one, two] = [await loggedRef(), await loggedRef()];
    expect(one).toMatch(/^u_[0-9a-f]{10}$/);
    expect(one).not.toBe(bareHashRef(USER_ID));
    expect(one).not.toBe(two);
  });
});
