import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe as vitestDescribe, expect, it } from 'vitest';
import { addUser } from '../support/fixtures.ts';
import { createTestDatabase, runServerSuites, type TestDatabase } from '../support/database.ts';
import { createFixtureRepo, find, runVerify, runVerifyJson } from './support.ts';

// verify reaches the database by URL (the postgres transport): skipped only outside CI without a server.
const describe = runServerSuites ? vitestDescribe : vitestDescribe.skip;

const KEY = 'sk-test-consent-0123456789';
let t: TestDatabase;
let repo: string;

beforeAll(async () => {
  repo = await createFixtureRepo();
  t = await createTestDatabase();
});

afterAll(async () => {
  await t?.drop();
  await rm(repo, { recursive: true, force: true });
});

const args = () => ['--skip-openai', '--repo-dir', repo];

describe('verify: users with AI consent', () => {
  it('warns, without failing, when OPENAI_API_KEY is set and no user has an openai_processing consent', async () => {
    await addUser(t.sql); // no consent row
    await addUser(t.sql, { consent: false }); // refused
    const { exitCode, result } = await runVerifyJson({ DATABASE_URL: t.url!, OPENAI_API_KEY: KEY }, args());
    const check = find(result, 'openai', 'users with AI consent');
    expect(check.status).toBe('warn');
    expect(check.reason).toMatch(
      /no user has an openai_processing consent: every digest and plan is a template/,
    );
    expect(check.fix).toMatch(/user_consents/);
    expect(result).toMatchObject({ ok: true, failed: 0, warned: 1 });
    expect(exitCode).toBe(0);

    const run = await runVerify({ DATABASE_URL: t.url!, OPENAI_API_KEY: KEY }, args());
    const at = run.lines.findIndex((l) => l.startsWith('  ! users with AI consent — warning: '));
    expect(at, run.lines.join('\n')).toBeGreaterThan(-1);
    expect(run.lines[at + 1]).toMatch(/^ {6}fix: /);
    expect(run.lines.at(-1)).toMatch(/^(\d+)\/(\d+) checks passed, 1 warning \(\d+ skipped\) in [\d.]+ s$/);
    expect(run.lines.join('\n')).not.toContain(KEY);
  });

  it('passes once a user has consented, and is skipped without a key', async () => {
    await addUser(t.sql, { consent: true });
    const withKey = await runVerifyJson({ DATABASE_URL: t.url!, OPENAI_API_KEY: KEY }, args());
    expect(find(withKey.result, 'openai', 'users with AI consent')).toMatchObject({
      status: 'pass',
      reason: '1 user has an openai_processing consent',
    });
    const withoutKey = await runVerifyJson({ DATABASE_URL: t.url! }, args());
    expect(find(withoutKey.result, 'openai', 'users with AI consent')).toMatchObject({
      status: 'skip',
      reason: 'OPENAI_API_KEY is not set: every user gets templates',
    });
  });
});
